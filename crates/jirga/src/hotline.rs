//! Live delivery of the hotline: one task follows the log and broadcasts each new message,
//! acknowledgement and escalation once; every connected console filters what its party may see.
//! A console that reconnects replays from the last event id it saw, so nothing is missed.

use crate::sequencer::Sequencer;
use crate::store::{HotlineEvent, Store};
use std::sync::Arc;
use tokio::sync::broadcast;

/// Events kept for consoles that fall behind; one that falls further resumes from the store.
const BUFFER: usize = 4096;

/// Feeds open at once; one more is refused (503) rather than exhausting the server.
pub const MAX_FEEDS: usize = 20_000;

/// An event with its Server-Sent Events frame rendered once: every console it goes to shares
/// the same bytes.
pub struct Live {
    pub event: HotlineEvent,
    pub frame: bytes::Bytes,
}

impl Live {
    pub fn new(event: HotlineEvent) -> Arc<Live> {
        // serde_json escapes every newline, so the JSON is one `data:` line.
        let json = serde_json::to_string(&event).unwrap_or_default();
        let frame = format!("id: {}\nevent: {}\ndata: {json}\n\n", event.index, event.event);
        Arc::new(Live { event, frame: frame.into() })
    }
}

#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<Arc<Live>>,
    feeds: Arc<tokio::sync::Semaphore>,
    /// True once the server is stopping: every feed ends, so that the stop need not wait for
    /// consoles that never hang up.
    closing: tokio::sync::watch::Sender<bool>,
}

impl Hub {
    /// Consoles connected to the live feed now.
    pub fn feeds_open(&self) -> usize {
        MAX_FEEDS - self.feeds.available_permits()
    }

    /// Starts following the log from its current end.
    pub fn start(store: Store, seq: &Sequencer) -> Hub {
        let (tx, _) = broadcast::channel(BUFFER);
        // From what is projected, not from the log's end: the entries between the two (a start
        // with the projection behind, a standby) are broadcast once they are projected.
        let mut last = (*seq.projected.borrow()).min(*seq.published.borrow()) as i64 - 1;
        // The events are read from the projection: woken as it grows.
        let mut published = seq.projected.clone();
        let hub = Hub {
            tx: tx.clone(),
            feeds: Arc::new(tokio::sync::Semaphore::new(MAX_FEEDS)),
            closing: tokio::sync::watch::Sender::new(false),
        };
        tokio::spawn(async move {
            loop {
                match store.hotline_events(last, 1000).await {
                    Ok(events) if !events.is_empty() => {
                        for e in events {
                            last = e.index;
                            // No receiver is not an error: nobody is connected.
                            let _ = tx.send(Live::new(e));
                        }
                        continue;
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %format!("{e:#}"), "reading the hotline; trying again"),
                }
                if published.changed().await.is_err() {
                    return;
                }
            }
        });
        hub
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Live>> {
        self.tx.subscribe()
    }

    /// A place for one more feed, held as long as the feed is open; None when all are taken.
    pub fn admit(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.feeds.clone().try_acquire_owned().ok()
    }

    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Ends every feed.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}
