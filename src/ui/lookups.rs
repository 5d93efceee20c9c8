//! The full-text look-ups the window asks for — the search window's page
//! and the filter's text part — run off the frame: on a worker thread with
//! its own read-only connection to the notebook's file. The window shows
//! its last answer until the new one arrives; an answer to words that were
//! since replaced is dropped. A notebook without a file of this version
//! (in memory, or upgraded in memory to be read) is asked on the frame
//! thread instead, where the store's bounded queries answer in a few
//! milliseconds at the sizes such notebooks have.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use crate::model::EventId;
use crate::store::{NotebookFile, SearchPage, Searcher, Store};

/// A question for the worker.
#[derive(Debug)]
enum Ask {
    Search {
        seq: u64,
        query: String,
        limit: usize,
    },
    Filter {
        seq: u64,
        query: String,
    },
}

/// An answer from the worker (or the frame thread).
#[derive(Debug)]
pub enum Answer {
    /// A page of search hits for `query`.
    Search {
        /// Which question.
        seq: u64,
        /// The words asked.
        query: String,
        /// The page, or why there is none.
        page: Result<SearchPage, String>,
    },
    /// The events the filter's words find.
    Filter {
        /// Which question.
        seq: u64,
        /// The events, or why there are none.
        hits: Result<HashSet<EventId>, String>,
    },
}

#[derive(Debug)]
struct Worker {
    path: PathBuf,
    asks: Sender<Ask>,
    answers: Receiver<Answer>,
}

/// The look-ups in flight and the worker that answers them.
#[derive(Debug, Default)]
pub struct Lookups {
    worker: Option<Worker>,
    /// A file no worker could read (asked on the frame thread instead, not
    /// tried again on every key).
    failed: Option<PathBuf>,
    next: u64,
    search_wanted: Option<u64>,
    filter_wanted: Option<u64>,
    /// Answers given on the frame thread, handed out by [`Lookups::poll`].
    ready: Vec<Answer>,
}

fn run(searcher: &Searcher, ask: Ask) -> Answer {
    match ask {
        Ask::Search { seq, query, limit } => {
            let page = searcher
                .search_page(&query, 0, limit)
                .map_err(|e| e.to_string());
            Answer::Search { seq, query, page }
        }
        Ask::Filter { seq, query } => Answer::Filter {
            seq,
            hits: searcher.matching_events(&query).map_err(|e| e.to_string()),
        },
    }
}

/// The worker's loop: the newest question of each kind is answered, older
/// ones still waiting are dropped (the user typed on).
fn serve(searcher: &Searcher, asks: &Receiver<Ask>, answers: &Sender<Answer>) {
    while let Ok(first) = asks.recv() {
        let mut search = None;
        let mut filter = None;
        let mut take = |ask: Ask| match ask {
            Ask::Search { .. } => search = Some(ask),
            Ask::Filter { .. } => filter = Some(ask),
        };
        take(first);
        loop {
            match asks.try_recv() {
                Ok(ask) => take(ask),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        for ask in [filter, search].into_iter().flatten() {
            if answers.send(run(searcher, ask)).is_err() {
                return;
            }
        }
    }
}

impl Lookups {
    /// True while an answer is awaited.
    #[must_use]
    pub const fn pending(&self) -> bool {
        self.search_wanted.is_some() || self.filter_wanted.is_some()
    }

    /// True while the search window's answer is awaited.
    #[must_use]
    pub const fn search_pending(&self) -> bool {
        self.search_wanted.is_some()
    }

    /// The worker for `store`'s file, started when first needed (`None` for
    /// a notebook searched on the frame thread).
    fn worker(&mut self, store: &Store) -> Option<&Worker> {
        if store.read_only().is_some() {
            return None;
        }
        let file: NotebookFile = store.file().ok().flatten()?;
        if self.failed.as_deref() == Some(file.path()) {
            return None;
        }
        if self.worker.as_ref().is_none_or(|w| w.path != file.path()) {
            self.worker = None;
            let Ok(searcher) = file.searcher() else {
                self.failed = Some(file.path().to_owned());
                return None;
            };
            let (asks, inbox) = mpsc::channel();
            let (outbox, answers) = mpsc::channel();
            std::thread::Builder::new()
                .name("annals-search".into())
                .spawn(move || serve(&searcher, &inbox, &outbox))
                .ok()?;
            self.worker = Some(Worker {
                path: file.path().to_owned(),
                asks,
                answers,
            });
        }
        self.worker.as_ref()
    }

    fn seq(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// Asks for the first `limit` search hits for `query`.
    pub fn search(&mut self, store: &Store, query: &str, limit: usize) {
        let seq = self.seq();
        self.search_wanted = Some(seq);
        let ask = Ask::Search {
            seq,
            query: query.to_owned(),
            limit,
        };
        self.ask(store, ask);
    }

    /// Asks which events the filter's words find; returns the question's
    /// number, which [`Answer::Filter`] carries back.
    pub fn filter(&mut self, store: &Store, query: &str) -> u64 {
        let seq = self.seq();
        self.filter_wanted = Some(seq);
        let ask = Ask::Filter {
            seq,
            query: query.to_owned(),
        };
        self.ask(store, ask);
        seq
    }

    /// Forgets the filter question in flight (the filter lost its words).
    pub const fn drop_filter(&mut self) {
        self.filter_wanted = None;
    }

    fn ask(&mut self, store: &Store, ask: Ask) {
        let ask = match self.worker(store) {
            Some(worker) => match worker.asks.send(ask) {
                Ok(()) => return,
                // The worker is gone (it failed to read): answer here.
                Err(mpsc::SendError(ask)) => {
                    self.worker = None;
                    ask
                }
            },
            None => ask,
        };
        let answer = match ask {
            Ask::Search { seq, query, limit } => Answer::Search {
                seq,
                page: store
                    .search_page(&query, 0, limit)
                    .map_err(|e| e.to_string()),
                query,
            },
            Ask::Filter { seq, query } => Answer::Filter {
                seq,
                hits: store.matching_events(&query).map_err(|e| e.to_string()),
            },
        };
        self.ready.push(answer);
    }

    /// The answers that arrived and are still wanted (once a frame).
    pub fn poll(&mut self) -> Vec<Answer> {
        let mut answers = std::mem::take(&mut self.ready);
        if let Some(worker) = &self.worker {
            answers.extend(worker.answers.try_iter());
        }
        answers.retain(|answer| match answer {
            Answer::Search { seq, .. } => self.search_wanted == Some(*seq),
            Answer::Filter { seq, .. } => self.filter_wanted == Some(*seq),
        });
        for answer in &answers {
            match answer {
                Answer::Search { .. } => self.search_wanted = None,
                Answer::Filter { .. } => self.filter_wanted = None,
            }
        }
        answers
    }

    /// Stops the worker (the notebook closes).
    pub fn close(&mut self) {
        *self = Self::default();
    }
}
