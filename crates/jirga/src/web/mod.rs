//! The web interface: server-rendered pages in four languages, with the map drawn by the server.

pub mod charts;
pub mod i18n;
pub mod live;
pub mod map;
pub mod pages;
