//! Long work off the frame: reading and decoding imported files, reading
//! the dates of a long text, waiting for a native file dialog, and the
//! notebook's file work (backups, restoring, salvage, repair, clean
//! copies). Each runs
//! on a worker thread; the app starts it and polls it once a frame, so no
//! view reads files, spawns threads or blocks the frame.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::command::FilePurpose;
use super::export_dialog::ExportRequest;
use super::import_dialog::{Plan, PlanRequest, read_plan};
use crate::action::{Action, Applied};
use crate::export;
use crate::extract::{self, Options, Suggestion};
use crate::import::{self, Imported};
use crate::model::Notebook;
use crate::model::SourceId;
use crate::model::pages::KeptBytes;
use crate::store::backups::{self, Restored};
use crate::store::rescue::{self, RescueReport};
use crate::store::{
    Backup, BackupReason, NotebookFile, OriginalReader, Store, StoreError, Verification, Verifier,
};

/// A native dialog that returns this fast was not shown to anyone: no
/// portal answered, so the in-app path field takes over.
const NO_DIALOG_THRESHOLD: Duration = Duration::from_millis(150);

/// How long a frame waits for the next imported file. Small files arrive
/// within it, so a batch imports at about one file a frame; a frame that
/// waits this long still fits a 60 Hz frame budget.
const IMPORT_WAIT: Duration = Duration::from_millis(5);

/// Set this environment variable to always use the in-app path field.
const NO_NATIVE_DIALOGS_ENV: &str = "ANNALS_NO_NATIVE_DIALOGS";

/// A file read and decoded by the import worker.
#[derive(Debug)]
pub struct ImportedFile {
    /// The file's name, for messages.
    pub name: String,
    /// Its title (an HTML `<title>`, else the file name without extension),
    /// and its text; or why it could not be imported.
    pub result: Result<(String, Imported), String>,
}

/// Files being imported: a worker reads and decodes them in order; the app
/// adds each as a source, one action a frame.
#[derive(Debug)]
struct ImportJob {
    paths: Sender<PathBuf>,
    files: Receiver<ImportedFile>,
    total: usize,
    done: usize,
    messages: Vec<String>,
}

/// Dates being read from a long text.
#[derive(Debug)]
struct DatesJob {
    source: SourceId,
    edtf: String,
    found: Receiver<Vec<Suggestion>>,
}

/// What a native file dialog answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogAnswer {
    /// Files were chosen.
    Chosen(FilePurpose, Vec<PathBuf>),
    /// The dialog answered at once without a choice: nobody was shown one.
    NotShown(FilePurpose),
    /// The user closed the dialog.
    Cancelled,
}

/// A native file dialog being shown.
#[derive(Debug)]
struct DialogJob {
    purpose: FilePurpose,
    answer: Receiver<(Option<Vec<PathBuf>>, Duration)>,
}

/// Work on notebook files, done on a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileWork {
    /// A verified backup of the open (or just closed) notebook's file.
    Backup {
        /// The notebook.
        file: NotebookFile,
        /// Why.
        reason: BackupReason,
        /// Edits the backup holds (counted when it started).
        edits: u64,
    },
    /// Put a backup in place of a closed notebook (`None`: the latest good
    /// one); the notebook is reopened afterwards.
    Restore {
        /// The notebook.
        notebook: PathBuf,
        /// The backup.
        backup: Option<PathBuf>,
    },
    /// Copy every readable row of a damaged notebook into a new file.
    Salvage {
        /// The damaged notebook.
        damaged: PathBuf,
        /// The new notebook.
        out: PathBuf,
    },
    /// Copy a refused notebook without the objects Annals did not create.
    Repair {
        /// The refused notebook.
        notebook: PathBuf,
        /// The new notebook.
        out: PathBuf,
    },
    /// Write a clean copy to share.
    ShareCopy {
        /// The notebook.
        file: NotebookFile,
        /// Where to.
        out: PathBuf,
        /// Leave the notes out.
        without_notes: bool,
        /// The user agreed to replace an existing file at `out`.
        replace: bool,
    },
}

/// What finished file work did.
#[derive(Debug)]
pub enum FileDone {
    /// A backup was made (or not).
    BackedUp {
        /// The notebook.
        notebook: PathBuf,
        /// Why it was made.
        reason: BackupReason,
        /// Edits it holds.
        edits: u64,
        /// The backup.
        result: Result<Backup, StoreError>,
    },
    /// A backup was restored (or not).
    Restored {
        /// The notebook.
        notebook: PathBuf,
        /// The backup put back, and what restoring did.
        result: Result<(PathBuf, Restored), StoreError>,
    },
    /// A salvage or repair finished.
    Rescued {
        /// True for a salvage, false for a repair.
        salvage: bool,
        /// The new notebook.
        out: PathBuf,
        /// What was copied and lost.
        result: Result<RescueReport, StoreError>,
    },
    /// A clean copy was written (or not).
    Shared {
        /// The copy.
        out: PathBuf,
        /// Notes were left out.
        without_notes: bool,
        /// Done.
        result: Result<(), StoreError>,
    },
}

impl FileWork {
    /// Does the work (on a worker thread).
    fn run(self) -> FileDone {
        match self {
            Self::Backup {
                file,
                reason,
                edits,
            } => FileDone::BackedUp {
                notebook: file.path().to_owned(),
                reason,
                edits,
                result: file.backup(reason),
            },
            Self::Restore { notebook, backup } => {
                let result = match backup {
                    Some(path) => Ok(Some(path)),
                    None => backups::latest_good(&notebook).map(|b| b.map(|b| b.path)),
                }
                .and_then(|path| {
                    path.ok_or_else(|| {
                        StoreError::Invalid(format!(
                            "there is no good backup of {}",
                            notebook.display()
                        ))
                    })
                })
                .and_then(|path| backups::restore(&notebook, &path).map(|r| (path, r)));
                FileDone::Restored { notebook, result }
            }
            Self::Salvage { damaged, out } => FileDone::Rescued {
                salvage: true,
                result: rescue::salvage(&damaged, &out),
                out,
            },
            Self::Repair { notebook, out } => FileDone::Rescued {
                salvage: false,
                result: rescue::repair(&notebook, &out),
                out,
            },
            Self::ShareCopy {
                file,
                out,
                without_notes,
                replace,
            } => FileDone::Shared {
                result: share_copy(&file, &out, without_notes, replace),
                out,
                without_notes,
            },
        }
    }
}

/// Writes a clean copy at `out`; an existing file there is replaced only
/// when `replace` (the copy is written beside it first, then moved over it
/// in one step, so a failure leaves the old file).
fn share_copy(
    file: &NotebookFile,
    out: &Path,
    without_notes: bool,
    replace: bool,
) -> Result<(), StoreError> {
    if !replace || out.symlink_metadata().is_err() {
        return file.copy_clean(out, without_notes);
    }
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let io = |context: String| move |cause| StoreError::Io { context, cause };
    let staging = tempfile::Builder::new()
        .prefix(".annals-share-")
        .tempdir_in(dir)
        .map_err(io(format!("cannot write in {}", dir.display())))?;
    let fresh = staging.path().join("copy.annals");
    file.copy_clean(&fresh, without_notes)?;
    std::fs::rename(&fresh, out).map_err(io(format!("cannot replace {}", out.display())))
}

/// What an export reads: a copy of the read model, and the source texts
/// when the format needs them. (The worker cannot reopen the notebook: the
/// open window holds its lock.)
#[derive(Debug)]
pub struct ExportInput {
    /// The read model.
    pub notebook: Box<Notebook>,
    /// Source texts, for the lossless JSON.
    pub bodies: export::Bodies,
}

/// How an export ended.
pub type ExportOutcome = Result<(PathBuf, Vec<String>), String>;

/// An export being written.
#[derive(Debug)]
struct ExportJob {
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    outcome: Receiver<ExportOutcome>,
}

/// An import written on the worker: the store comes back with what
/// applying the action did and the read model loaded after it.
#[derive(Debug)]
pub struct ImportWritten {
    /// The notebook's store, lent to the worker.
    pub store: Store,
    /// What was applied, or why nothing was.
    pub applied: Result<Applied, StoreError>,
    /// The read model after it (when the action was applied).
    pub notebook: Option<Result<Notebook, StoreError>>,
}

/// The running jobs.
#[derive(Debug, Default)]
pub struct Jobs {
    import: Option<ImportJob>,
    dates: Option<DatesJob>,
    dialog: Option<DialogJob>,
    files: Vec<Receiver<FileDone>>,
    export: Option<ExportJob>,
    verify: Option<(PathBuf, Receiver<Result<Verification, StoreError>>)>,
    /// Sources' dates read for the Evidence window (issue 19).
    review_dates: Vec<(SourceId, Receiver<Vec<Suggestion>>)>,
    plan: Option<Receiver<Plan>>,
    write: Option<Receiver<ImportWritten>>,
    original: Option<OriginalJob>,
}

/// A kept original being written: the source, the target, and the size
/// written or why not.
type OriginalJob = (SourceId, PathBuf, Receiver<Result<u64, String>>);

/// Where a kept original file's bytes come from, for [`Jobs::save_original`].
#[derive(Debug)]
pub enum OriginalBytes {
    /// Read on the worker, from the notebook file.
    Reader(OriginalReader),
    /// Already read (a notebook in memory).
    Read(Option<Vec<u8>>),
}

impl Jobs {
    /// Writes source `source`'s kept original file to `target` on a worker:
    /// read and checked against its SHA-256, then written beside `target`
    /// and renamed into place (an existing file is not replaced).
    pub fn save_original(&mut self, source: SourceId, from: OriginalBytes, target: PathBuf) {
        let (sender, done) = mpsc::channel();
        let to = target.clone();
        std::thread::spawn(move || {
            let bytes = match from {
                OriginalBytes::Reader(reader) => reader.run().map_err(|e| e.to_string()),
                OriginalBytes::Read(bytes) => Ok(bytes),
            };
            let written = bytes.and_then(|bytes| {
                let bytes = bytes.ok_or_else(|| "the source keeps no original file".to_owned())?;
                export::file::write_new(&to, false, |out| {
                    out.write_all(&bytes)
                        .map_err(export::ExportError::io(format!(
                            "cannot write {}",
                            to.display()
                        )))
                })
                .map_err(|e| match e {
                    export::ExportError::Exists(path) => {
                        format!("{} exists; choose another name", path.display())
                    }
                    e => e.to_string(),
                })?;
                Ok(bytes.len() as u64)
            });
            // The app may have closed meanwhile: nothing to do.
            let _ = sender.send(written);
        });
        self.original = Some((source, target, done));
    }

    /// True while a kept original is being written.
    #[must_use]
    pub fn is_saving_original(&self) -> bool {
        self.original.is_some()
    }

    /// The kept original written (its size) or why not, once done.
    pub fn finished_original(&mut self) -> Option<(SourceId, PathBuf, Result<u64, String>)> {
        let (_, _, done) = self.original.as_ref()?;
        let result = match done.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err("the writer stopped unexpectedly".to_owned()),
        };
        let (source, target, _) = self.original.take()?;
        Some((source, target, result))
    }
}

impl Jobs {
    /// Reads a file for File ▸ Import… on a worker, replacing any reading
    /// under way (its answer is dropped).
    pub fn plan_import(
        &mut self,
        request: PlanRequest,
        notebook: Arc<Notebook>,
        bodies: Arc<export::Bodies>,
    ) {
        let (sender, answer) = mpsc::channel();
        std::thread::spawn(move || {
            // The dialog may have moved on: nothing to do.
            let _ = sender.send(read_plan(&request, &notebook, &bodies));
        });
        self.plan = Some(answer);
    }

    /// True while a file is read for File ▸ Import….
    #[must_use]
    pub fn is_planning_import(&self) -> bool {
        self.plan.is_some()
    }

    /// The file read for File ▸ Import…, once it is (`Err` when the
    /// worker died without an answer).
    pub fn finished_plan(&mut self) -> Option<Result<Plan, ()>> {
        let answer = match self.plan.as_ref()?.try_recv() {
            Ok(plan) => Ok(plan),
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(()),
        };
        self.plan = None;
        Some(answer)
    }

    /// Applies an import on a worker with the notebook's store, lent to it
    /// until [`Self::finished_write`] hands it back; the read model is
    /// loaded there too, so a 100,000-event import never blocks a frame.
    pub fn write_import(&mut self, mut store: Store, action: Action) {
        let (sender, done) = mpsc::channel();
        std::thread::spawn(move || {
            let applied = store.apply(&action);
            let notebook = applied.is_ok().then(|| store.load());
            // The receiver lives as long as the app; should it be gone, the
            // store closes here (the import is committed or rolled back).
            let _ = sender.send(ImportWritten {
                store,
                applied,
                notebook,
            });
        });
        self.write = Some(done);
    }

    /// True while an import is written (the store is lent out).
    #[must_use]
    pub fn is_writing_import(&self) -> bool {
        self.write.is_some()
    }

    /// The written import, once done. `None` while it runs; a worker that
    /// died is reported as `Some(Err(()))`, its store lost with it (its
    /// transaction rolled back: nothing was written).
    pub fn finished_write(&mut self) -> Option<Result<ImportWritten, ()>> {
        let done = match self.write.as_ref()?.try_recv() {
            Ok(done) => Ok(done),
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(()),
        };
        self.write = None;
        Some(done)
    }

    /// Waits for an import being written (the window is closing).
    pub fn wait_for_write(&mut self, limit: Duration) -> Option<ImportWritten> {
        let done = self.write.take()?;
        done.recv_timeout(limit).ok()
    }
}

impl Jobs {
    /// Starts SQLite's full check of the notebook at `path` (replacing a
    /// check of another one, whose verdict is no longer wanted).
    pub fn verify(&mut self, path: PathBuf, verifier: Verifier) {
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(verifier.run());
        });
        self.verify = Some((path, receive));
    }

    /// True while a notebook is being checked.
    #[must_use]
    pub fn is_verifying(&self) -> bool {
        self.verify.is_some()
    }

    /// The check's verdict, once it has one, with the notebook it is for.
    pub fn verdict(&mut self) -> Option<(PathBuf, Result<Verification, StoreError>)> {
        let (_, receive) = self.verify.as_ref()?;
        let verdict = match receive.try_recv() {
            Ok(verdict) => verdict,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(StoreError::Invalid(
                "the notebook's check stopped before its verdict".to_owned(),
            )),
        };
        let (path, _) = self.verify.take()?;
        Some((path, verdict))
    }

    /// Reads a source's dates on a worker for the Evidence window's unused
    /// dates (beside any reading for the reader).
    pub fn review_dates(&mut self, source: SourceId, body: String, options: Options) {
        let (sender, found) = mpsc::channel();
        std::thread::spawn(move || {
            // The receiver may be gone (the notebook was closed).
            let _ = sender.send(extract::extract(&body, &options));
        });
        self.review_dates.push((source, found));
    }

    /// The sources whose dates were read for the Evidence window since
    /// last asked; a worker that died answers with no dates.
    pub fn finished_review_dates(&mut self) -> Vec<(SourceId, Vec<Suggestion>)> {
        let mut done = Vec::new();
        self.review_dates
            .retain(|(source, found)| match found.try_recv() {
                Ok(found) => {
                    done.push((*source, found));
                    false
                }
                Err(TryRecvError::Empty) => true,
                Err(TryRecvError::Disconnected) => {
                    done.push((*source, Vec::new()));
                    false
                }
            });
        done
    }

    /// Queues files to import, starting the worker if none runs.
    pub fn import(&mut self, paths: Vec<PathBuf>) {
        let job = self.import.get_or_insert_with(start_import);
        for path in paths {
            job.total += 1;
            if job.paths.send(path).is_err() {
                // The worker is gone: count the file as failed, not waited for.
                job.done += 1;
                job.messages
                    .push("Could not import a file: the importer stopped.".to_owned());
            }
        }
    }

    /// (files done, files in this batch), while importing.
    #[must_use]
    pub fn import_progress(&self) -> Option<(usize, usize)> {
        self.import
            .as_ref()
            .filter(|job| job.done < job.total)
            .map(|job| (job.done, job.total))
    }

    /// True while imported files are still to come.
    #[must_use]
    pub fn is_importing(&self) -> bool {
        self.import_progress().is_some()
    }

    /// The next imported file, if one is ready (waiting a moment for it).
    pub fn next_imported(&mut self) -> Option<ImportedFile> {
        let job = self.import.as_mut().filter(|job| job.done < job.total)?;
        let file = match job.files.recv_timeout(IMPORT_WAIT) {
            Ok(file) => file,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => {
                // The worker died: report what is left as failed.
                job.messages.push(format!(
                    "Could not import {} file(s): the importer stopped.",
                    job.total - job.done
                ));
                job.done = job.total;
                return None;
            }
        };
        job.done += 1;
        match &file.result {
            Ok((_, imported)) => {
                if let Some(notice) = &imported.notice {
                    job.messages.push(format!("{}: {notice}.", file.name));
                }
            }
            Err(e) => job
                .messages
                .push(format!("Could not import {}: {e}.", file.name)),
        }
        Some(file)
    }

    /// The summary of a finished batch (once), ending the job.
    pub fn import_summary(&mut self) -> Option<String> {
        let job = self.import.as_ref().filter(|job| job.done >= job.total)?;
        let failures = job
            .messages
            .iter()
            .filter(|m| m.starts_with("Could not"))
            .count();
        let summary = format!(
            "Imported {} of {} file(s). {}",
            job.total.saturating_sub(failures),
            job.total,
            job.messages.join(" ")
        );
        self.import = None;
        Some(summary.trim().to_owned())
    }

    /// Reads `body`'s dates on a worker, replacing any reading under way.
    pub fn read_dates(&mut self, source: SourceId, body: String, options: Options) {
        let (sender, found) = mpsc::channel();
        let edtf = options.published.edtf().to_owned();
        std::thread::spawn(move || {
            // The receiver may be gone (the source was closed): nothing to do.
            let _ = sender.send(extract::extract(&body, &options));
        });
        self.dates = Some(DatesJob {
            source,
            edtf,
            found,
        });
    }

    /// Forgets a reading under way (its text changed or closed).
    pub fn cancel_dates(&mut self) {
        self.dates = None;
    }

    /// The dates read, once ready: the source, the publication date (EDTF)
    /// they were read against, and what was found.
    pub fn finished_dates(&mut self) -> Option<(SourceId, String, Vec<Suggestion>)> {
        let job = self.dates.as_ref()?;
        let found = match job.found.try_recv() {
            Ok(found) => found,
            Err(TryRecvError::Empty) => return None,
            // The worker died: show no suggestions rather than wait forever.
            Err(TryRecvError::Disconnected) => Vec::new(),
        };
        let job = self.dates.take()?;
        Some((job.source, job.edtf, found))
    }

    /// Shows the native file dialog for `purpose` on a worker. Returns
    /// false when there is no native dialog to show (or one is shown
    /// already), so the caller asks for a path in the window.
    pub fn choose_file(&mut self, purpose: FilePurpose) -> bool {
        self.choose_file_named(purpose, None)
    }

    /// As [`Jobs::choose_file`], suggesting `file_name` in a save dialog.
    pub fn choose_file_named(&mut self, purpose: FilePurpose, file_name: Option<String>) -> bool {
        if self.dialog.is_some() {
            return true;
        }
        if !native_dialogs_available() {
            return false;
        }
        let (sender, answer) = mpsc::channel();
        std::thread::spawn(move || {
            let started = Instant::now();
            let chosen = show_native_dialog(purpose, file_name.as_deref());
            // The app may have closed meanwhile: nothing to do.
            let _ = sender.send((chosen, started.elapsed()));
        });
        self.dialog = Some(DialogJob { purpose, answer });
        true
    }

    /// True while a native dialog is shown.
    #[must_use]
    pub fn is_choosing_file(&self) -> bool {
        self.dialog.is_some()
    }

    /// What the native dialog answered, once it has.
    pub fn dialog_answer(&mut self) -> Option<DialogAnswer> {
        let job = self.dialog.as_ref()?;
        let answer = match job.answer.try_recv() {
            Ok(answer) => Some(answer),
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => None,
        };
        let purpose = job.purpose;
        self.dialog = None;
        Some(match answer {
            Some((Some(paths), _)) if !paths.is_empty() => DialogAnswer::Chosen(purpose, paths),
            Some((_, elapsed)) if elapsed < NO_DIALOG_THRESHOLD => DialogAnswer::NotShown(purpose),
            // A worker that died showed nothing either.
            None => DialogAnswer::NotShown(purpose),
            Some(_) => DialogAnswer::Cancelled,
        })
    }
}

impl Jobs {
    /// Starts file work on a worker.
    pub fn file_work(&mut self, work: FileWork) {
        let (sender, done) = mpsc::channel();
        std::thread::spawn(move || {
            // The app may have stopped listening: nothing to do.
            let _ = sender.send(work.run());
        });
        self.files.push(done);
    }

    /// File work under way.
    #[must_use]
    pub fn file_work_running(&self) -> usize {
        self.files.len()
    }

    /// File work that finished since the last call.
    pub fn finished_file_work(&mut self) -> Vec<FileDone> {
        let mut finished = Vec::new();
        self.files.retain(|done| match done.try_recv() {
            Ok(result) => {
                finished.push(result);
                false
            }
            Err(TryRecvError::Empty) => true,
            // A worker that died reports nothing more.
            Err(TryRecvError::Disconnected) => false,
        });
        finished
    }

    /// Waits for all file work (the window is closing: a backup on close
    /// must finish before the process ends).
    pub fn wait_for_file_work(&mut self, limit: Duration) -> Vec<FileDone> {
        let until = Instant::now() + limit;
        let mut finished = Vec::new();
        for done in self.files.drain(..) {
            let left = until.saturating_duration_since(Instant::now());
            if let Ok(result) = done.recv_timeout(left) {
                finished.push(result);
            }
        }
        finished
    }

    /// Writes `request` on a worker; its progress and Cancel show in the
    /// status bar. One export at a time: a second is refused.
    pub fn export(&mut self, input: ExportInput, request: ExportRequest) -> bool {
        if self.export.is_some() {
            return false;
        }
        let (sender, outcome) = mpsc::channel();
        let job = ExportJob {
            done: Arc::new(AtomicUsize::new(0)),
            total: Arc::new(AtomicUsize::new(0)),
            cancel: Arc::new(AtomicBool::new(false)),
            outcome,
        };
        let (done, total, cancel) = (
            Arc::clone(&job.done),
            Arc::clone(&job.total),
            Arc::clone(&job.cancel),
        );
        std::thread::spawn(move || {
            let progress = move |d: usize, t: usize| {
                done.store(d, Ordering::Relaxed);
                total.store(t, Ordering::Relaxed);
                !cancel.load(Ordering::Relaxed)
            };
            // The app may have closed meanwhile: nothing to do.
            let _ = sender.send(run_export(input, &request, &progress));
        });
        self.export = Some(job);
        true
    }

    /// (done, total) while an export runs.
    #[must_use]
    pub fn export_progress(&self) -> Option<(usize, usize)> {
        self.export.as_ref().map(|job| {
            (
                job.done.load(Ordering::Relaxed),
                job.total.load(Ordering::Relaxed),
            )
        })
    }

    /// Asks the export under way to stop (it leaves no file).
    pub fn cancel_export(&mut self) {
        if let Some(job) = &self.export {
            job.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// How the export ended, once it has.
    pub fn finished_export(&mut self) -> Option<ExportOutcome> {
        let job = self.export.as_ref()?;
        let outcome = match job.outcome.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err("the export stopped unexpectedly".to_owned()),
        };
        self.export = None;
        Some(outcome)
    }
}

/// Writes the export (on the worker).
fn run_export(
    input: ExportInput,
    request: &ExportRequest,
    progress: &(dyn Fn(usize, usize) -> bool + Sync),
) -> ExportOutcome {
    let ExportInput { notebook, bodies } = input;
    let job = export::Job::new(
        &notebook,
        &request.scope,
        &bodies,
        &request.options,
        progress,
    )
    .map_err(|e| e.to_string())?;
    let mut warnings = Vec::new();
    export::file::write_new(&request.target, request.force, |out| {
        warnings = job.run(request.format, out)?;
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    Ok((request.target.clone(), warnings))
}

fn start_import() -> ImportJob {
    let (paths, requests) = mpsc::channel::<PathBuf>();
    let (sender, files) = mpsc::channel();
    std::thread::spawn(move || {
        for path in requests {
            if sender.send(read_file(&path)).is_err() {
                // The app stopped listening: stop reading.
                return;
            }
        }
    });
    ImportJob {
        paths,
        files,
        total: 0,
        done: 0,
        messages: Vec::new(),
    }
}

/// Reads and decodes one file to import.
fn read_file(path: &Path) -> ImportedFile {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let result = std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            let mut imported =
                import::import_bytes(Some(path), &bytes).map_err(|e| e.to_string())?;
            // Held until the user says whether the notebook keeps them.
            if let Some(file) = imported.file.as_mut() {
                file.kept = KeptBytes::Keep(bytes.into());
            }
            Ok(imported)
        })
        .map(|imported| {
            let title = imported.title.clone().unwrap_or_else(|| {
                path.file_stem()
                    .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned())
            });
            (title, imported)
        });
    ImportedFile { name, result }
}

fn native_dialogs_available() -> bool {
    native_dialogs_allowed(
        std::env::var_os(NO_NATIVE_DIALOGS_ENV).is_some(),
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
    )
}

/// Whether to try a native dialog: not when the user turned them off, and
/// on Linux only with a D-Bus session (rfd talks to the XDG desktop portal
/// over it).
fn native_dialogs_allowed(turned_off: bool, dbus_session: bool) -> bool {
    !turned_off && (!cfg!(target_os = "linux") || dbus_session)
}

/// The native dialog for `purpose` (blocks its worker until answered).
fn show_native_dialog(purpose: FilePurpose, file_name: Option<&str>) -> Option<Vec<PathBuf>> {
    match purpose {
        FilePurpose::SaveOriginal => {
            let dialog = rfd::FileDialog::new().set_title(purpose.title());
            match file_name {
                Some(name) if !name.is_empty() => dialog.set_file_name(name),
                _ => dialog,
            }
            .save_file()
            .map(|path| vec![path])
        }
        FilePurpose::Import => rfd::FileDialog::new()
            .set_title("Import sources")
            .add_filter(
                "Text, Markdown, HTML, PDF, Word or e-mail",
                import::SOURCE_EXTENSIONS,
            )
            .pick_files(),
        FilePurpose::ImportFile => rfd::FileDialog::new()
            .set_title(purpose.title())
            .add_filter(
                "Events, notebooks, references",
                &[
                    "csv", "tsv", "tab", "json", "bib", "bibtex", "biblatex", "ris",
                ],
            )
            .pick_file()
            .map(|path| vec![path]),
        FilePurpose::Export => rfd::FileDialog::new()
            .set_title(purpose.title())
            .save_file()
            .map(|path| vec![path]),
        FilePurpose::Open | FilePurpose::New | FilePurpose::SaveCopy => {
            let dialog = rfd::FileDialog::new()
                .set_title(purpose.title())
                .add_filter("Annals notebook", &["annals"]);
            let chosen = if purpose == FilePurpose::Open {
                dialog.pick_file()
            } else {
                dialog.save_file()
            };
            chosen.map(|path| vec![path])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Polls like the app does, a frame at a time, until the batch is done.
    fn import_all(jobs: &mut Jobs) -> (Vec<ImportedFile>, String) {
        let mut files = Vec::new();
        for _ in 0..10_000 {
            if let Some(summary) = jobs.import_summary() {
                return (files, summary);
            }
            files.extend(jobs.next_imported());
        }
        panic!("the import never finished")
    }

    #[test]
    fn files_are_read_in_order_off_the_frame_and_summarised() {
        let dir = tempfile::tempdir().unwrap();
        let wire = dir.path().join("wire.txt");
        std::fs::write(&wire, "Ким Чен Ын встретился с Путиным.").unwrap();
        let page = dir.path().join("page.html");
        std::fs::write(&page, "<title>قمة</title><p>Leaders met.</p>").unwrap();
        let missing = dir.path().join("missing.txt");
        let mut jobs = Jobs::default();
        jobs.import(vec![wire, page]);
        jobs.import(vec![missing]);
        assert_eq!(jobs.import_progress().map(|(_, total)| total), Some(3));
        let (files, summary) = import_all(&mut jobs);
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, vec!["wire.txt", "page.html", "missing.txt"]);
        let titles: Vec<String> = files
            .iter()
            .filter_map(|f| f.result.as_ref().ok().map(|(t, _)| t.clone()))
            .collect();
        assert_eq!(titles, vec!["wire", "قمة"]);
        assert!(summary.starts_with("Imported 2 of 3 file(s)."), "{summary}");
        assert!(
            summary.contains("Could not import missing.txt"),
            "{summary}"
        );
        assert!(!jobs.is_importing());
        assert_eq!(jobs.import_summary(), None, "reported once");
    }

    #[test]
    fn a_newer_date_reading_replaces_the_old_one() {
        let published = crate::model::date::Date::parse("2024-06-12").unwrap();
        let options = Options::new(published, extract::Locale::default()).unwrap();
        let mut jobs = Jobs::default();
        jobs.read_dates(
            SourceId(1),
            "They met in September.".into(),
            options.clone(),
        );
        jobs.read_dates(SourceId(2), "They met in November.".into(), options);
        let finished = loop {
            if let Some(finished) = jobs.finished_dates() {
                break finished;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(finished.0, SourceId(2));
        assert_eq!(finished.1, "2024-06-12");
        assert_eq!(finished.2.len(), 1);
        assert_eq!(jobs.finished_dates(), None, "taken once");
    }

    #[test]
    fn native_dialogs_are_tried_only_where_one_can_answer() {
        assert!(!native_dialogs_allowed(true, true), "turned off");
        assert_eq!(
            native_dialogs_allowed(false, false),
            !cfg!(target_os = "linux"),
            "Linux without a D-Bus session has no portal"
        );
        assert!(native_dialogs_allowed(false, true));
        assert_eq!(Jobs::default().dialog_answer(), None);
    }
}
