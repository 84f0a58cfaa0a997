//! The app: owns the state, the worker and the panes, and applies actions.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};

use super::i18n::{Lang, T, tr};
use super::panes;
use super::state::{Action, AppState, Status, Tab, UiState};
use super::worker::{Command, Event, Worker};
use crate::index::SearchRequest;

/// Pause after the last keystroke before searching.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// Hits fetched per page.
const PAGE: usize = 200;
/// Most articles one comparison loads (the best hits of the query; the newest when there is no
/// query): bounds memory and keeps the pane responsive on very large corpora.
pub const MAX_COMPARE: usize = 10_000;
/// Storage key for [`UiState`].
const STORAGE_KEY: &str = "marsad-ui";

/// How the app starts.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Folder to open (`None`: the last one, else the demo corpus).
    pub dir: Option<PathBuf>,
    /// A first query.
    pub query: Option<String>,
    /// Load installed fonts as fallbacks (off in tests for determinism).
    pub system_fonts: bool,
    /// Force a UI language.
    pub lang: Option<Lang>,
    /// Saved UI state.
    pub saved: Option<UiState>,
    /// Where indexes go (default: the user cache folder).
    pub cache_dir: Option<PathBuf>,
    /// Measure first frame, frame times and memory (`marsad --measure`), from this start time.
    pub measure: Option<Instant>,
}

/// The Marsad app.
pub struct MarsadApp {
    /// What the user chose.
    pub ui_state: UiState,
    /// What the app knows.
    pub state: AppState,
    worker: Worker,
    dialog: Option<(Receiver<Option<PathBuf>>, Instant)>,
    export_dialog: Option<Receiver<Option<PathBuf>>>,
    compare_dialog: Option<Receiver<Option<PathBuf>>>,
    applied_font_size: f32,
    measure: Option<super::measure::Measure>,
}

impl MarsadApp {
    /// Creates the app and starts opening the folder.
    pub fn new(ctx: &egui::Context, opts: Options) -> MarsadApp {
        ctx.set_fonts(super::fonts::definitions(opts.system_fonts));
        let mut ui_state = opts.saved.unwrap_or_default();
        if let Some(l) = opts.lang {
            ui_state.lang = l;
        }
        let repaint = ctx.clone();
        let worker = Worker::start(opts.cache_dir.clone(), move || repaint.request_repaint());
        let measure = opts.measure.map(super::measure::Measure::new);
        let mut app = MarsadApp {
            ui_state,
            state: AppState::default(),
            worker,
            dialog: None,
            export_dialog: None,
            compare_dialog: None,
            applied_font_size: 0.0,
            measure,
        };
        app.state.query = opts.query.unwrap_or_default();
        // The worker checks the folder and unpacks the demo: the UI thread never touches the disk.
        let dir = opts.dir.or_else(|| app.ui_state.last_folder.clone());
        app.state.status = Status::Opening(dir.clone().unwrap_or_default());
        app.worker.send(Command::OpenOrDemo(dir));
        app
    }

    /// Opens a folder (or a single file) in the background.
    pub fn open(&mut self, dir: PathBuf) {
        self.state = AppState { query: std::mem::take(&mut self.state.query), ..AppState::default() };
        self.state.status = Status::Opening(dir.clone());
        self.worker.send(Command::Open(dir));
    }

    /// Draws one frame (called by eframe, and by tests through egui_kittest).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        super::text::set_ui_rtl(&ctx, self.ui_state.lang.rtl());
        self.apply_style(&ctx);
        self.drain_events();
        self.poll_dialog();
        if let Some(p) = poll_picked(&mut self.export_dialog, &ctx) {
            self.state.export.path = p.display().to_string();
        }
        if let Some(p) = poll_picked(&mut self.compare_dialog, &ctx) {
            self.state.compare.csv_dir = p.display().to_string();
        }
        if self.dialog.is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        self.state.force_scroll = self.measure.as_ref().and_then(|m| m.scroll);
        let mut actions = Vec::new();
        self.keyboard(&ctx, &mut actions);
        self.dropped_files(&ctx, &mut actions);
        if let Some(at) = self.state.edited_at {
            let left = DEBOUNCE.saturating_sub(at.elapsed());
            if left.is_zero() {
                actions.push(Action::Search);
            } else {
                ctx.request_repaint_after(left);
            }
        }
        panes::top_bar::show(ui, &mut self.state, &self.ui_state, &mut actions);
        panes::facets::show(ui, &self.state, &self.ui_state, &mut actions);
        // The comparison's columns are readers themselves: the reader panel gives them its room.
        if self.state.tab != Tab::Compare {
            panes::reader::show(ui, &mut self.state, &self.ui_state);
        }
        let key = if self.state.tab == Tab::Compare { self.compare_key() } else { String::new() };
        egui::CentralPanel::default().show(ui, |ui| match self.state.tab {
            Tab::Results => panes::results::show(ui, &self.state, &self.ui_state, &mut actions),
            Tab::Kwic => panes::kwic::show(ui, &self.state, &self.ui_state),
            Tab::Compare => panes::compare::show(ui, &mut self.state, &self.ui_state, &key, &mut actions),
            Tab::Problems => panes::problems::show(ui, &self.state, &self.ui_state),
        });
        if self.state.export.open {
            panes::export::show(&ctx, &mut self.state, &self.ui_state, &mut actions);
        }
        if self.state.entity_edit.is_some() {
            panes::facets::edit_window(&ctx, &mut self.state, &self.ui_state, &mut actions);
        }
        if self.state.path_dialog {
            panes::top_bar::path_dialog(&ctx, &mut self.state, &self.ui_state, &mut actions);
        }
        if self.state.hovering_files {
            panes::top_bar::drop_overlay(&ctx, self.ui_state.lang);
        }
        for a in actions {
            self.apply(a);
        }
    }

    fn apply_style(&mut self, ctx: &egui::Context) {
        if self.applied_font_size == self.ui_state.font_size {
            return;
        }
        self.applied_font_size = self.ui_state.font_size;
        let size = self.ui_state.font_size;
        ctx.global_style_mut(|style| {
            // The window is cleared to the panels' colour and the panels draw no background of
            // their own: filling every panel shades each pixel of the window once more, which
            // under a software renderer (Mesa's llvmpipe) was half of the app's CPU while it
            // indexed (measured: in-app index of SaudiNewsNet 13.5 s → 9.1 s).
            style.visuals.panel_fill = egui::Color32::TRANSPARENT;
            use egui::{FontFamily, FontId, TextStyle};
            style.text_styles.insert(TextStyle::Body, FontId::new(size, FontFamily::Proportional));
            style.text_styles.insert(TextStyle::Button, FontId::new(size * 0.85, FontFamily::Proportional));
            style.text_styles.insert(TextStyle::Small, FontId::new(size * 0.7, FontFamily::Proportional));
            style.text_styles.insert(TextStyle::Heading, FontId::new(size * 1.35, FontFamily::Proportional));
            style.text_styles.insert(TextStyle::Monospace, FontId::new(size * 0.8, FontFamily::Monospace));
        });
    }

    fn drain_events(&mut self) {
        while let Ok(ev) = self.worker.events.try_recv() {
            self.on_event(ev);
        }
    }

    fn on_event(&mut self, ev: Event) {
        let s = &mut self.state;
        match ev {
            Event::Opened { root, articles, notes } => {
                s.checked =
                    self.ui_state.selections.get(&root.display().to_string()).into_iter().flatten().cloned().collect();
                s.root = Some(root.clone());
                s.articles = articles;
                s.notes = notes;
                s.status = Status::Indexing(Default::default());
                self.ui_state.last_folder = Some(root);
                self.search(0);
            }
            Event::OpenFailed(e) => s.status = Status::Failed(e),
            Event::Progress(p) => {
                let committed = p.committed;
                s.articles = committed;
                s.status = Status::Indexing(p);
                // Refresh results as batches become searchable.
                if committed != s.refreshed_at_articles {
                    s.refreshed_at_articles = committed;
                    self.search(0);
                }
            }
            Event::Problem(p) => s.problems.push(p),
            Event::Indexed(r) => {
                match r {
                    Ok(summary) => {
                        s.articles = summary.articles;
                        s.status = Status::Ready;
                        s.notes.extend(summary.notes);
                    }
                    Err(e) => s.status = Status::Failed(e),
                }
                self.search(0);
            }
            Event::Results { generation, offset, results } => {
                if generation != s.search_gen {
                    return;
                }
                s.loading_more = false;
                match results {
                    Ok(r) if offset > 0 => s.hits.extend(r.hits),
                    Ok(r) => {
                        s.query_error = None;
                        s.total = r.total;
                        s.hits = r.hits;
                        s.facets = r.facets;
                        if s.article.is_none() && !s.hits.is_empty() {
                            self.select(0);
                        }
                    }
                    Err(e) => s.query_error = Some(e),
                }
            }
            Event::Article { generation, article } => {
                if generation == s.article_gen {
                    if let Ok(a) = article {
                        s.article = a;
                        s.current_hit = 0;
                        s.scroll_to_hit = true;
                    }
                }
            }
            Event::Kwic { generation, rows } => {
                if generation == s.kwic_gen {
                    s.kwic = rows.unwrap_or_default();
                }
            }
            Event::ExportProgress(done, total) => s.export.progress = (done, total),
            Event::Exported(r) => {
                s.export.running = false;
                s.export.message = Some(match r {
                    Ok(sum) => {
                        format!("{} {}: {}", tr(self.ui_state.lang, T::ExportDone), sum.articles, sum.out.display())
                    }
                    Err(e) => e,
                });
            }
            Event::AllIds { generation, ids } => {
                s.checking_all = false;
                if generation == s.search_gen {
                    match ids {
                        Ok(ids) => s.checked.extend(ids),
                        Err(e) => s.query_error = Some(e),
                    }
                    self.remember_checked();
                }
            }
            Event::CompareProgress { generation, done, total } => {
                if generation == s.compare.generation {
                    s.compare.running = Some((done, total));
                }
            }
            Event::Compared { generation, result } => {
                if generation == s.compare.generation {
                    let c = &mut s.compare;
                    c.running = None;
                    c.pending = None;
                    c.story = None;
                    c.story_marks.clear();
                    c.story_data = None;
                    c.timeline = None;
                    match result {
                        Ok(d) => {
                            c.data = Some(d);
                            c.error = None;
                        }
                        Err(e) => c.error = Some(e),
                    }
                }
            }
            Event::CompareCsvSaved(r) => {
                s.compare.csv_message = Some(match r {
                    Ok(files) => format!(
                        "{} {}: {}",
                        tr(self.ui_state.lang, T::CmpSaved),
                        files.len(),
                        files.first().and_then(|f| f.parent()).map(|d| d.display().to_string()).unwrap_or_default()
                    ),
                    Err(e) => e,
                });
            }
            Event::FramingSaved(r) => match r {
                Ok(path) => {
                    s.compare.group_message =
                        Some(format!("{}: {}", tr(self.ui_state.lang, T::CmpSaved), path.display()));
                    s.compare.group_name.clear();
                    s.compare.group_terms.clear();
                    self.compare(true);
                }
                Err(e) => s.compare.group_message = Some(e),
            },
            Event::Corrected(r) => {
                s.correction_note = Some(match r {
                    Ok(n) => format!("{} ({n})", tr(self.ui_state.lang, T::Corrected)),
                    Err(e) => e,
                });
                s.status = Status::Indexing(Default::default());
            }
        }
    }

    fn request(&self, offset: usize) -> SearchRequest {
        SearchRequest {
            query: self.state.query.clone(),
            limit: PAGE,
            offset,
            sort: self.ui_state.sort,
            outlets: self.state.outlet_filter.iter().cloned().collect(),
            include: self.state.entity_include.clone(),
            exclude: self.state.entity_exclude.clone(),
            only: self.state.checked_only.then(|| self.state.checked.iter().cloned().collect()),
            stemming: self.ui_state.stemming,
            snippet_chars: 200,
            facets: offset == 0,
        }
    }

    fn search(&mut self, offset: usize) {
        if self.state.root.is_none() {
            return;
        }
        if offset == 0 {
            self.state.search_gen += 1;
            self.state.edited_at = None;
            if self.state.tab == Tab::Kwic {
                self.kwic();
            }
        }
        let generation = self.state.search_gen;
        self.worker.send(Command::Search { generation, request: self.request(offset) });
    }

    fn kwic(&mut self) {
        self.state.kwic_gen += 1;
        let request = SearchRequest { snippet_chars: 0, facets: false, ..self.request(0) };
        self.worker.send(Command::Kwic { generation: self.state.kwic_gen, request });
    }

    fn select(&mut self, i: usize) {
        let Some(hit) = self.state.hits.get(i) else { return };
        self.state.selected = Some(i);
        self.state.article_gen += 1;
        self.worker.send(Command::Article {
            generation: self.state.article_gen,
            id: hit.id.clone(),
            query: self.state.query.clone(),
            stemming: self.ui_state.stemming,
        });
    }

    fn apply(&mut self, a: Action) {
        match a {
            Action::Search => {
                self.state.selected = None;
                self.state.article = None;
                self.search(0);
                if self.state.tab == Tab::Compare {
                    self.compare(false);
                }
            }
            Action::QueryEdited => self.state.edited_at = Some(Instant::now()),
            Action::OpenDialog => self.open_dialog(),
            Action::OpenPath(p) => {
                self.state.path_dialog = false;
                self.open(p);
            }
            Action::Select(i) => self.select(i),
            Action::LoadMore => {
                if !self.state.loading_more && self.state.hits.len() < self.state.total {
                    self.state.loading_more = true;
                    self.search(self.state.hits.len());
                }
            }
            Action::ToggleOutlet(o) => {
                if !self.state.outlet_filter.remove(&o) {
                    self.state.outlet_filter.insert(o);
                }
                self.apply(Action::Search);
            }
            Action::CancelIndex => self.worker.send(Command::CancelIndex),
            Action::ToggleLang => {
                self.ui_state.lang = if self.ui_state.lang == Lang::Ar { Lang::En } else { Lang::Ar };
            }
            Action::SetSort(s) => {
                self.ui_state.sort = s;
                self.apply(Action::Search);
            }
            Action::SetTab(t) => {
                self.state.tab = t;
                if t == Tab::Kwic {
                    self.kwic();
                }
                if t == Tab::Compare {
                    self.compare(false);
                }
            }
            Action::FontSize(d) => {
                self.ui_state.font_size = (self.ui_state.font_size + d as f32).clamp(12.0, 36.0);
            }
            Action::ToggleEntity { kind, name, exclude } => {
                let key = (kind, name);
                let was_in = self.state.entity_include.contains(&key);
                let was_out = self.state.entity_exclude.contains(&key);
                self.state.entity_include.retain(|e| *e != key);
                self.state.entity_exclude.retain(|e| *e != key);
                match (exclude, was_in, was_out) {
                    (false, false, _) => self.state.entity_include.push(key),
                    (true, _, false) => self.state.entity_exclude.push(key),
                    _ => {}
                }
                self.apply(Action::Search);
            }
            Action::ToggleChecked { i, range } => {
                let anchor = self.state.check_anchor.filter(|_| range).unwrap_or(i);
                let (lo, hi) = (anchor.min(i), anchor.max(i));
                let on = self.state.hits.get(i).is_some_and(|h| !self.state.checked.contains(&h.id));
                for h in self.state.hits.iter().take(hi + 1).skip(lo) {
                    if on {
                        self.state.checked.insert(h.id.clone());
                    } else {
                        self.state.checked.remove(&h.id);
                    }
                }
                self.state.check_anchor = Some(i);
                self.remember_checked();
            }
            Action::CheckAll => {
                if !self.state.checking_all {
                    self.state.checking_all = true;
                    let request = SearchRequest { snippet_chars: 0, facets: false, ..self.request(0) };
                    self.worker.send(Command::AllIds { generation: self.state.search_gen, request });
                }
            }
            Action::ClearChecked => {
                self.state.checked.clear();
                self.state.check_anchor = None;
                self.remember_checked();
                if self.state.checked_only {
                    self.apply(Action::Search);
                }
            }
            Action::SetCheckedOnly(on) => {
                self.state.checked_only = on;
                self.apply(Action::Search);
            }
            Action::OpenExport => {
                self.state.export.open = true;
                self.state.export.all_hits = self.state.checked.is_empty();
                if self.state.export.path.is_empty() {
                    self.state.export.path = default_export_path(self.state.export.format()).display().to_string();
                }
            }
            Action::CloseExport => self.state.export.open = false,
            Action::ChooseExportTarget => self.choose_export_target(),
            Action::StartExport => self.start_export(),
            Action::CancelExport => self.worker.send(Command::CancelExport),
            Action::EditEntity(e) => self.state.entity_edit = e,
            Action::SetEntityFilter(f) => self.state.entity_filter = f,
            Action::Correct(c) => {
                self.state.entity_edit = None;
                if matches!(self.state.status, Status::Indexing(_) | Status::Opening(_)) {
                    self.state.correction_note = Some(tr(self.ui_state.lang, T::WaitForIndex).to_owned());
                } else {
                    self.state.correction_note = None;
                    self.worker.send(Command::Correct(c));
                }
            }
            Action::Compare => self.compare(true),
            Action::SetCompareView(v) => self.state.compare.view = v,
            Action::SetStorySort(s) => self.state.compare.sort = s,
            Action::OpenStory(i) => self.open_story(i),
            Action::WordInOutlet { outlet, word } => {
                self.state.query = word;
                self.state.outlet_filter = [outlet].into();
                self.state.tab = Tab::Kwic;
                self.apply(Action::Search);
            }
            Action::OutletDays { outlet, from, to } => {
                let q = self.state.query.trim();
                let range = format!("date:{from}..{to}");
                self.state.query = if q.is_empty() { range } else { format!("{q} {range}") };
                self.state.outlet_filter = [outlet].into();
                self.state.tab = Tab::Results;
                self.apply(Action::Search);
            }
            Action::SaveCompareCsv => {
                if let Some(data) = self.state.compare.data.clone() {
                    let dir = PathBuf::from(self.state.compare.csv_dir.trim());
                    self.state.compare.csv_message = None;
                    self.worker.send(Command::CompareCsv { data, dir });
                }
            }
            Action::ChooseCompareFolder => {
                if self.compare_dialog.is_none() {
                    self.compare_dialog =
                        pick_in_background(|| rfd::FileDialog::new().set_title("Marsad").pick_folder());
                }
            }
            Action::AddFramingGroup => {
                let c = &mut self.state.compare;
                let terms: Vec<String> = c
                    .group_terms
                    .split([',', '،', '\n', ';', '؛'])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect();
                let name = c.group_name.trim().to_owned();
                if name.is_empty() || terms.is_empty() {
                    c.group_message = Some(tr(self.ui_state.lang, T::CmpGroupTerms).to_owned());
                } else {
                    self.worker.send(Command::SaveFramingGroup(crate::compare::framing::Group {
                        name,
                        label: None,
                        terms,
                    }));
                }
            }
        }
    }

    /// What the comparison depends on: the query, its filters and the indexed articles. A
    /// comparison made under another key is out of date.
    pub fn compare_key(&self) -> String {
        let s = &self.state;
        format!(
            "{}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{}\u{1f}{}\u{1f}{}",
            s.query.trim(),
            s.outlet_filter,
            s.entity_include,
            s.entity_exclude,
            if s.checked_only { s.checked.len() } else { usize::MAX },
            self.ui_state.stemming,
            s.articles
        )
    }

    /// Compares the outlets of the current selection in the background, unless the shown (or
    /// coming) comparison is already for it and `force` is off.
    fn compare(&mut self, force: bool) {
        if self.state.root.is_none() {
            return;
        }
        let key = self.compare_key();
        let c = &self.state.compare;
        let current = c.data.as_ref().is_some_and(|d| d.key == key) || c.pending.as_deref() == Some(key.as_str());
        if current && !force {
            return;
        }
        if self.state.compare.csv_dir.is_empty() {
            let docs = default_export_path(crate::export::Format::Txt);
            self.state.compare.csv_dir = docs.with_file_name("marsad-compare").display().to_string();
        }
        let sort = if self.state.query.trim().is_empty() { crate::index::Sort::DateDesc } else { self.ui_state.sort };
        let request = SearchRequest { snippet_chars: 0, facets: false, sort, ..self.request(0) };
        let c = &mut self.state.compare;
        c.generation += 1;
        c.running = Some((0, 0));
        c.pending = Some(key.clone());
        self.worker.send(Command::Compare { generation: c.generation, request, max: MAX_COMPARE, key });
    }

    /// Opens a story side by side: its members' shared passages are aligned once, here, and its
    /// own tables computed (at most [`crate::compare::stories::StoryOptions::max_story`] articles,
    /// milliseconds), so the other views show the story while it is open.
    fn open_story(&mut self, i: Option<usize>) {
        let c = &mut self.state.compare;
        c.story = i;
        c.story_marks.clear();
        c.story_data = None;
        c.timeline = None;
        let (Some(i), Some(data)) = (i, c.data.as_ref()) else { return };
        if let Some(r) = data.comparison.stories.stories.get(i) {
            let started = Instant::now();
            let members: Vec<&crate::corpus::Article> = r.story.members.iter().map(|&m| &data.articles[m]).collect();
            c.story_marks = crate::compare::passages::marks(&members, crate::compare::passages::MIN_WORDS);
            let articles: Vec<crate::corpus::Article> = members.into_iter().cloned().collect();
            let comparison =
                crate::compare::tables(&articles, &data.lexicon, &crate::compare::CompareOptions::default());
            c.story_data = Some(std::sync::Arc::new(super::state::CompareData {
                key: data.key.clone(),
                total: articles.len(),
                articles,
                comparison,
                secs: started.elapsed().as_secs_f64(),
                lexicon: data.lexicon.clone(),
            }));
        }
    }

    /// The native save dialog (a folder picker for .txt files) on its own thread.
    fn choose_export_target(&mut self) {
        if self.export_dialog.is_some() {
            return;
        }
        let format = self.state.export.format();
        let name =
            default_export_path(format).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.export_dialog = pick_in_background(move || {
            let d = rfd::FileDialog::new().set_title("Marsad");
            if format.is_folder() { d.pick_folder().map(|p| p.join(&name)) } else { d.set_file_name(&name).save_file() }
        });
    }

    /// Sends the export the window describes to the worker.
    fn start_export(&mut self) {
        let e = &mut self.state.export;
        if e.running || e.path.trim().is_empty() {
            return;
        }
        let selection = if e.all_hits {
            crate::export::Selection::Query {
                query: self.state.query.clone(),
                sort: self.ui_state.sort,
                stemming: self.ui_state.stemming,
            }
        } else {
            crate::export::Selection::Ids(self.state.checked.iter().cloned().collect())
        };
        let options = crate::export::ExportOptions {
            format: e.format(),
            out: PathBuf::from(e.path.trim()),
            overwrite: e.overwrite,
            query: self.state.query.clone(),
            corpus_root: self.state.root.clone(),
        };
        e.running = true;
        e.message = None;
        e.progress = (0, 0);
        self.worker.send(Command::Export { selection, options });
    }

    /// Saves the ticked articles with the folder, so they are there when it is opened again.
    fn remember_checked(&mut self) {
        if let Some(root) = &self.state.root {
            let key = root.display().to_string();
            if self.state.checked.is_empty() {
                self.ui_state.selections.remove(&key);
            } else {
                self.ui_state.selections.insert(key, self.state.checked.iter().cloned().collect());
            }
        }
    }

    fn keyboard(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let typing = ctx.memory(|m| m.focused().is_some());
        let all = !typing && ctx.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::A));
        if all {
            actions.push(Action::CheckAll);
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::E)) {
            actions.push(Action::OpenExport);
        }
        let (open, find, plus, minus, down, up, enter, esc) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::COMMAND, Key::O),
                i.consume_key(Modifiers::COMMAND, Key::F),
                i.consume_key(Modifiers::COMMAND, Key::Plus) || i.consume_key(Modifiers::COMMAND, Key::Equals),
                i.consume_key(Modifiers::COMMAND, Key::Minus),
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Escape),
            )
        });
        if open {
            actions.push(Action::OpenDialog);
        }
        if find {
            ctx.memory_mut(|m| m.request_focus(panes::top_bar::query_id()));
        }
        if plus {
            actions.push(Action::FontSize(1));
        }
        if minus {
            actions.push(Action::FontSize(-1));
        }
        let n = self.state.hits.len();
        if n > 0 && (down || up) && !ctx.memory(|m| m.focused().is_some_and(|f| f != panes::top_bar::query_id())) {
            let cur = self.state.selected.unwrap_or(0);
            let next = if down { (cur + 1).min(n - 1) } else { cur.saturating_sub(1) };
            if Some(next) != self.state.selected || self.state.selected.is_none() {
                actions.push(Action::Select(next));
            }
        }
        if enter && ctx.memory(|m| m.has_focus(panes::top_bar::query_id())) {
            actions.push(Action::Search);
        }
        if esc && !self.state.query.is_empty() {
            self.state.query.clear();
            actions.push(Action::Search);
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let (hovering, dropped) = ctx.input(|i| (!i.raw.hovered_files.is_empty(), i.raw.dropped_files.clone()));
        self.state.hovering_files = hovering;
        let paths: Vec<PathBuf> =
            dropped.into_iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect();
        match paths.as_slice() {
            [] => {}
            [one] => actions.push(Action::OpenPath(one.clone())),
            // Several files dropped: open the folder they share.
            [first, ..] => {
                if let Some(parent) = first.parent() {
                    actions.push(Action::OpenPath(parent.to_path_buf()));
                }
            }
        }
    }

    /// Opens the native folder dialog on its own thread (it blocks); without a desktop portal the
    /// path field is shown instead.
    fn open_dialog(&mut self) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new().name("marsad-dialog".into()).spawn(move || {
            let picked = rfd::FileDialog::new().set_title("Marsad").pick_folder();
            let _ = tx.send(picked);
        });
        match spawned {
            Ok(_) => self.dialog = Some((rx, Instant::now())),
            Err(_) => self.state.path_dialog = true,
        }
    }

    fn poll_dialog(&mut self) {
        let Some((rx, opened)) = &self.dialog else { return };
        let quick = opened.elapsed() < Duration::from_millis(700);
        match rx.try_recv() {
            Ok(Some(p)) => {
                self.dialog = None;
                self.open(p);
            }
            // The user cancelled the dialog.
            Ok(None) if !quick => self.dialog = None,
            // No dialog could be shown (it answered at once, or failed): offer the path field.
            Ok(None) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.dialog = None;
                self.state.path_dialog = true;
                if self.state.path_input.is_empty() {
                    self.state.path_input =
                        self.state.root.as_ref().map(|r| r.display().to_string()).unwrap_or_default();
                }
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
        }
    }

    /// A status line for the top bar.
    pub fn status_text(&self) -> String {
        let lang = self.ui_state.lang;
        match &self.state.status {
            Status::Idle => tr(lang, T::NoFolder).to_owned(),
            Status::Opening(p) => format!("{} {}", tr(lang, T::Open), p.display()),
            Status::Indexing(p) => format!("{} {}/{}", tr(lang, T::Indexing), p.files_done, p.files_total),
            Status::Ready => format!("{} {}", self.state.articles, tr(lang, T::Articles)),
            Status::Failed(e) => e.clone(),
        }
    }
}

impl eframe::App for MarsadApp {
    /// The panels' colour: the panels themselves are not filled (see [`MarsadApp::apply_style`]).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        panel_fill(visuals.dark_mode).to_normalized_gamma_f32()
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let started = Instant::now();
        MarsadApp::ui(self, ui);
        if let Some(m) = &mut self.measure {
            let row = panes::results::row_height(self.ui_state.font_size);
            let pass = started.elapsed().as_secs_f32();
            if let Some(report) = m.frame(ui.ctx(), frame.info().cpu_usage, pass, &self.state, row) {
                println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.ui_state);
    }
}

/// The colour egui's panels have in the dark or the light theme.
fn panel_fill(dark: bool) -> egui::Color32 {
    if dark { egui::Visuals::dark() } else { egui::Visuals::light() }.panel_fill
}

/// Runs a native file dialog on its own thread (it blocks until the user answers); the answer
/// arrives on the returned channel. `None` when no thread could be started.
fn pick_in_background(pick: impl FnOnce() -> Option<PathBuf> + Send + 'static) -> Option<Receiver<Option<PathBuf>>> {
    let (tx, rx) = channel();
    let spawned = std::thread::Builder::new().name("marsad-save-dialog".into()).spawn(move || {
        let _ = tx.send(pick());
    });
    spawned.ok().map(|_| rx)
}

/// The path a background dialog picked, once it answered (the channel is then dropped).
fn poll_picked(rx: &mut Option<Receiver<Option<PathBuf>>>, ctx: &egui::Context) -> Option<PathBuf> {
    let r = rx.as_ref()?.try_recv();
    match r {
        Ok(p) => {
            *rx = None;
            p
        }
        Err(std::sync::mpsc::TryRecvError::Disconnected) => {
            *rx = None;
            None
        }
        Err(std::sync::mpsc::TryRecvError::Empty) => {
            ctx.request_repaint_after(Duration::from_millis(100));
            None
        }
    }
}

/// A first suggestion for an export's target: the user's documents (or home) folder.
pub fn default_export_path(format: crate::export::Format) -> PathBuf {
    let dir = directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(std::path::Path::to_path_buf).or_else(|| Some(u.home_dir().to_path_buf())))
        .unwrap_or_else(std::env::temp_dir);
    let name = if format.is_folder() { "marsad-export".to_owned() } else { format!("marsad-export.{}", format.name()) };
    dir.join(name)
}

/// Loads the saved UI state from eframe storage.
pub fn load_saved(cc: &eframe::CreationContext<'_>) -> Option<UiState> {
    cc.storage.and_then(|s| eframe::get_value(s, STORAGE_KEY))
}
