//! App state, kept apart from UI state (like rerun): [`UiState`] is what the user chose and is
//! persisted; [`AppState`] is what the app knows right now (folder, index status, results, the
//! open article). Panes read both and emit [`Action`]s; only the app applies them.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::i18n::Lang;
use super::worker::{IndexProgress, LoadedArticle};
use crate::corpus::Problem;
use crate::entities::Kind;
use crate::index::{Facets, Hit, KwicRow, Sort};

/// What the user chose; saved between runs.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct UiState {
    /// UI language.
    pub lang: Lang,
    /// Body font size in points (Arabic wants ~18).
    pub font_size: f32,
    /// The last folder opened (reopened at start when no folder is given).
    pub last_folder: Option<PathBuf>,
    /// Result order.
    pub sort: Sort,
    /// Match word forms (stemming).
    pub stemming: bool,
    /// Show removed boilerplate greyed in the reader.
    pub show_removed: bool,
    /// The selected articles of each folder (by canonical path), remembered between runs.
    pub selections: std::collections::BTreeMap<String, Vec<String>>,
}

impl Default for UiState {
    fn default() -> Self {
        UiState {
            lang: Lang::from_env(),
            font_size: 18.0,
            last_folder: None,
            sort: Sort::Score,
            stemming: true,
            show_removed: false,
            selections: Default::default(),
        }
    }
}

/// The central tab.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    /// The results list.
    #[default]
    Results,
    /// The KWIC concordance.
    Kwic,
    /// The comparison of outlets.
    Compare,
    /// Skipped files.
    Problems,
}

/// Index status shown in the top bar.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Status {
    /// Nothing open.
    #[default]
    Idle,
    /// Opening a folder.
    Opening(PathBuf),
    /// Indexing in the background (results may already show).
    Indexing(IndexProgress),
    /// Index up to date.
    Ready,
    /// Something failed.
    Failed(String),
}

/// Something a pane asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Run the current query now.
    Search,
    /// The query text changed (search after a short pause).
    QueryEdited,
    /// Show the open-folder dialog.
    OpenDialog,
    /// Open this folder or file.
    OpenPath(PathBuf),
    /// Select (and read) result `i`.
    Select(usize),
    /// Load more results (scrolled near the end of the loaded ones).
    LoadMore,
    /// Toggle an outlet filter.
    ToggleOutlet(String),
    /// Stop indexing.
    CancelIndex,
    /// Switch language.
    ToggleLang,
    /// Change the sort order.
    SetSort(Sort),
    /// Switch tab.
    SetTab(Tab),
    /// Make text bigger (+1) or smaller (-1).
    FontSize(i32),
    /// Tick or untick result `i` for export; `range`: everything from the last ticked one (Shift).
    ToggleChecked {
        /// The result.
        i: usize,
        /// Extend from the previous click (Shift+click).
        range: bool,
    },
    /// Tick every hit of the current query (Ctrl+A).
    CheckAll,
    /// Untick everything.
    ClearChecked,
    /// Show only the ticked articles.
    SetCheckedOnly(bool),
    /// Open the export window (Ctrl+E).
    OpenExport,
    /// Close the export window.
    CloseExport,
    /// Ask for the export's target with the native save dialog.
    ChooseExportTarget,
    /// Start the export as the window says.
    StartExport,
    /// Stop the running export (nothing is left under the target name).
    CancelExport,
    /// Filter to articles naming an entity (`exclude`: not naming it); again to remove the filter.
    ToggleEntity {
        /// The entity's type.
        kind: Kind,
        /// Its canonical name.
        name: String,
        /// Exclude instead of include.
        exclude: bool,
    },
    /// The entity facets' filter box changed.
    SetEntityFilter(String),
    /// Open (or close, `None`) the entity correction window.
    EditEntity(Option<EntityEdit>),
    /// Save a correction of the recogniser and re-index the articles it concerns.
    Correct(Correction),
    /// Compare the outlets of the current selection (again).
    Compare,
    /// Show a view of the comparison.
    SetCompareView(CompareView),
    /// Order the stories list.
    SetStorySort(StorySort),
    /// Open a story side by side (`None`: back to the list).
    OpenStory(Option<usize>),
    /// A word's concordance in one outlet (a characteristic word was clicked).
    WordInOutlet {
        /// The outlet.
        outlet: String,
        /// The word (normal form).
        word: String,
    },
    /// Filter the results to one outlet's articles of a date span (a timeline bar was clicked).
    OutletDays {
        /// The outlet.
        outlet: String,
        /// First day, ISO.
        from: String,
        /// Last day, ISO.
        to: String,
    },
    /// Save the comparison's tables as CSV files in the folder the pane names.
    SaveCompareCsv,
    /// Ask for the CSV folder with the native dialog.
    ChooseCompareFolder,
    /// Add the framing group typed in the pane to the user's lexicon.
    AddFramingGroup,
}

/// The views of the compare pane.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CompareView {
    /// Stories covered by several outlets, and one story side by side.
    #[default]
    Stories,
    /// Characteristic words per outlet.
    Words,
    /// Framing-lexicon counts per outlet.
    Framing,
    /// Whom each outlet quotes, and its share of each entity.
    Sources,
    /// Articles per day per outlet.
    Timeline,
}

/// How the stories list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StorySort {
    /// Most outlets first.
    #[default]
    Outlets,
    /// Most articles first.
    Size,
    /// Newest first.
    Date,
}

/// A finished comparison: the articles it covers and what was found in them. Shared (`Arc`)
/// between the worker that made it and the pane that shows it.
#[derive(Debug)]
pub struct CompareData {
    /// The query (and filters) it was made for, as a key: a different key means it is stale.
    pub key: String,
    /// The compared articles.
    pub articles: Vec<crate::corpus::Article>,
    /// Hits of the query (more than `articles.len()` when the selection was cut).
    pub total: usize,
    /// What was found.
    pub comparison: crate::compare::Comparison,
    /// Seconds it took (loading and comparing).
    pub secs: f64,
    /// The framing lexicon it was counted with (a story's tables are counted with it too).
    pub lexicon: crate::compare::framing::Lexicon,
}

/// The compare pane's state.
#[derive(Debug, Default)]
pub struct CompareUi {
    /// The view shown.
    pub view: CompareView,
    /// The latest comparison.
    pub data: Option<std::sync::Arc<CompareData>>,
    /// A comparison is being made (articles loaded, of how many).
    pub running: Option<(usize, usize)>,
    /// Generation of the newest request.
    pub generation: u64,
    /// The key of the comparison on its way.
    pub pending: Option<String>,
    /// Why the last comparison failed.
    pub error: Option<String>,
    /// Story order.
    pub sort: StorySort,
    /// The story open side by side (index into the stories table).
    pub story: Option<usize>,
    /// Shared-passage marks of the open story's members (computed once when it opens).
    pub story_marks: Vec<Vec<crate::compare::passages::Mark>>,
    /// The open story's own comparison (its words, framing, sources, timeline), shown in the
    /// other views while the story is open.
    pub story_data: Option<std::sync::Arc<CompareData>>,
    /// Folder the CSV files go to.
    pub csv_dir: String,
    /// Result of the last CSV save.
    pub csv_message: Option<String>,
    /// New framing group: its name.
    pub group_name: String,
    /// New framing group: its terms, one per line or comma-separated.
    pub group_terms: String,
    /// Result of the last group addition.
    pub group_message: Option<String>,
    /// The timeline's bucket (`None`: chosen from the selection's date span).
    pub bucket: Option<crate::compare::timeline::Bucket>,
    /// The timeline at that bucket, computed from the compared articles when first shown.
    pub timeline: Option<(crate::compare::timeline::Bucket, crate::compare::timeline::TimelineTable)>,
}

/// A correction the user makes to the entity recogniser (the entities module's own type).
pub use crate::entities::corrections::Change as Correction;

/// The entity correction window's fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityEdit {
    /// The entity being renamed (`None`: adding a new one).
    pub from: Option<String>,
    /// The name typed.
    pub name: String,
    /// The type (for additions).
    pub kind: Kind,
}

/// What the app knows now.
#[derive(Debug, Default)]
pub struct AppState {
    /// The open folder.
    pub root: Option<PathBuf>,
    /// Index status.
    pub status: Status,
    /// Articles searchable now.
    pub articles: u64,
    /// Files skipped or partly read.
    pub problems: Vec<Problem>,
    /// Notes from opening (index rebuilt…).
    pub notes: Vec<String>,
    /// The query box.
    pub query: String,
    /// When the query was last edited (for the debounce).
    pub edited_at: Option<Instant>,
    /// Error of the last query (shown under the box).
    pub query_error: Option<String>,
    /// Generation of the newest search sent.
    pub search_gen: u64,
    /// Hits loaded so far (a prefix of all hits).
    pub hits: Vec<Hit>,
    /// Total hits of the current query.
    pub total: usize,
    /// Facets of the current query.
    pub facets: Facets,
    /// A page request is on its way.
    pub loading_more: bool,
    /// Selected result.
    pub selected: Option<usize>,
    /// Generation of the newest article request.
    pub article_gen: u64,
    /// The article in the reader.
    pub article: Option<LoadedArticle>,
    /// Which query hit the reader is on.
    pub current_hit: usize,
    /// Scroll the reader to the current hit on the next frame.
    pub scroll_to_hit: bool,
    /// KWIC lines of the current query.
    pub kwic: Vec<KwicRow>,
    /// Generation of the newest KWIC request.
    pub kwic_gen: u64,
    /// Central tab.
    pub tab: Tab,
    /// Outlets the results are filtered to.
    pub outlet_filter: BTreeSet<String>,
    /// Entities every result must name.
    pub entity_include: Vec<(Kind, String)>,
    /// Entities no result may name.
    pub entity_exclude: Vec<(Kind, String)>,
    /// The entity facets' filter box.
    pub entity_filter: String,
    /// The entity correction window, when open.
    pub entity_edit: Option<EntityEdit>,
    /// Articles ticked for export (ids); they stay ticked across queries until cleared.
    pub checked: BTreeSet<String>,
    /// The last ticked result (Shift+click ranges start here).
    pub check_anchor: Option<usize>,
    /// Only ticked articles are listed.
    pub checked_only: bool,
    /// A Ctrl+A is being answered by the worker.
    pub checking_all: bool,
    /// The export window.
    pub export: ExportUi,
    /// The compare pane.
    pub compare: CompareUi,
    /// A message about the last correction.
    pub correction_note: Option<String>,
    /// The path field of the open dialog fallback.
    pub path_input: String,
    /// The path field is shown (no native dialog, or the user asked for it).
    pub path_dialog: bool,
    /// Files are being dragged over the window.
    pub hovering_files: bool,
    /// Committed article count at the last automatic refresh during indexing.
    pub refreshed_at_articles: u64,
    /// Scroll offset forced on the results list (measurement mode).
    pub force_scroll: Option<f32>,
    /// The reader's removed-text toggle for this session (the saved default is in [`UiState`]).
    pub show_removed_override: Option<bool>,
}

/// The export window's state.
#[derive(Debug, Default)]
pub struct ExportUi {
    /// The window is shown.
    pub open: bool,
    /// The chosen format (`None`: CSV).
    pub format: Option<crate::export::Format>,
    /// Export every hit of the query rather than the ticked articles.
    pub all_hits: bool,
    /// The target file (or folder, for .txt files).
    pub path: String,
    /// Replace the target if it exists (asked for once the target exists).
    pub overwrite: bool,
    /// An export is running.
    pub running: bool,
    /// Articles written and to write.
    pub progress: (usize, usize),
    /// The result of the last export, or why it failed.
    pub message: Option<String>,
}

impl ExportUi {
    /// The chosen format.
    pub fn format(&self) -> crate::export::Format {
        self.format.unwrap_or(crate::export::Format::Csv)
    }
}
