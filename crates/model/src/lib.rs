//! Jirga statements.
