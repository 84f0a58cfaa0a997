//! `marsad --measure [FOLDER]`: the app measuring itself in a real window.
//!
//! It records the time from process start to the first frame, the frame times (eframe's CPU time
//! per frame: the UI pass plus rendering) while the folder is being indexed and while the results
//! list is scrolled through every hit, and the resident memory once indexed; then prints one JSON
//! object and closes. CI runs it under Xvfb as a smoke test of the real binary.

use std::time::Instant;

use serde::Serialize;

/// Frames scrolled through the results list.
const SCROLL_FRAMES: usize = 400;

/// Percentiles of frame times, in milliseconds.
#[derive(Debug, Default, Serialize)]
pub struct FrameStats {
    /// Frames measured.
    pub frames: usize,
    /// Median.
    pub p50_ms: f64,
    /// 95th percentile.
    pub p95_ms: f64,
    /// Slowest frame.
    pub max_ms: f64,
    /// Frames over 16 ms (a 60 Hz display's budget).
    pub over_16ms: usize,
}

impl FrameStats {
    fn of(mut v: Vec<f32>) -> FrameStats {
        if v.is_empty() {
            return FrameStats::default();
        }
        v.sort_by(f32::total_cmp);
        let at = |p: f64| f64::from(v[((v.len() - 1) as f64 * p).round() as usize]) * 1000.0;
        let over_16ms = v.iter().filter(|&&t| t > 0.016).count();
        FrameStats { frames: v.len(), p50_ms: at(0.5), p95_ms: at(0.95), max_ms: at(1.0), over_16ms }
    }
}

/// The measurement report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Seconds from process start to the end of the first frame.
    pub first_frame_s: f64,
    /// CPU time of the first frame itself, ms: it builds the font atlas and, under software GL,
    /// compiles the shaders on first use; it is startup (counted in `first_frame_s`), so it is
    /// not among the frames of the phases below.
    pub first_frame_cpu_ms: f64,
    /// Frames while indexing.
    pub indexing: FrameStats,
    /// Frames while scrolling the results list.
    pub scrolling: FrameStats,
    /// The app's own part of the frames while indexing: the UI pass (laying out, deciding what
    /// to draw), without tessellation and rendering, which under Xvfb is Mesa's software GL.
    pub indexing_ui_pass: FrameStats,
    /// The UI passes of the frames while scrolling.
    pub scrolling_ui_pass: FrameStats,
    /// Hits in the scrolled list.
    pub hits: usize,
    /// Articles indexed.
    pub articles: u64,
    /// Seconds the index update took, as seen by the app.
    pub index_s: f64,
    /// Resident memory at the end, MB.
    pub rss_mb: f64,
    /// Of which anonymous (heap) memory, MB; the rest is mapped files (the index, fonts).
    pub rss_anon_mb: f64,
}

/// Where the measurement is.
#[derive(Debug, Default, PartialEq, Eq)]
enum Phase {
    #[default]
    Indexing,
    Scrolling,
    Done,
}

/// Measurement state carried by the app.
#[derive(Debug)]
pub struct Measure {
    started: Instant,
    first_frame: Option<f64>,
    first_frame_cpu: Option<f32>,
    /// Frames seen so far.
    frames: u64,
    phase: Phase,
    indexing: Vec<f32>,
    scrolling: Vec<f32>,
    indexing_ui: Vec<f32>,
    scrolling_ui: Vec<f32>,
    index_started: Option<Instant>,
    index_s: f64,
    /// Scroll offset the results list is forced to, in points.
    pub scroll: Option<f32>,
}

impl Measure {
    /// Starts measuring; `started` is the process start.
    pub fn new(started: Instant) -> Measure {
        Measure {
            started,
            first_frame: None,
            first_frame_cpu: None,
            frames: 0,
            phase: Phase::Indexing,
            indexing: Vec::new(),
            scrolling: Vec::new(),
            indexing_ui: Vec::new(),
            scrolling_ui: Vec::new(),
            index_started: None,
            index_s: 0.0,
            scroll: None,
        }
    }

    /// Called at the end of every frame with the previous frame's CPU time and this frame's UI
    /// pass, in seconds. Returns the report once everything is measured.
    pub fn frame(
        &mut self,
        ctx: &egui::Context,
        cpu: Option<f32>,
        ui_pass: f32,
        state: &super::state::AppState,
        row_height: f32,
    ) -> Option<Report> {
        self.first_frame.get_or_insert_with(|| self.started.elapsed().as_secs_f64());
        self.frames += 1;
        // `cpu` is the previous frame's: on the second call, the first frame's.
        let cpu = if self.frames == 2 {
            self.first_frame_cpu = cpu;
            None
        } else {
            cpu
        };
        // Frames as a 60 Hz display asks for them (Xvfb has no vsync: asked at once, software GL
        // would draw hundreds a second and take a core from the indexer).
        ctx.request_repaint_after(std::time::Duration::from_millis(16));
        let indexing = matches!(state.status, super::state::Status::Indexing(_) | super::state::Status::Opening(_));
        match self.phase {
            Phase::Indexing => {
                if indexing {
                    self.index_started.get_or_insert_with(Instant::now);
                    self.indexing.extend(cpu);
                    self.indexing_ui.push(ui_pass);
                } else if state.status == super::state::Status::Ready && !state.hits.is_empty() {
                    self.index_s = self.index_started.map_or(0.0, |t| t.elapsed().as_secs_f64());
                    self.phase = Phase::Scrolling;
                    self.scroll = Some(0.0);
                }
            }
            Phase::Scrolling => {
                self.scrolling.extend(cpu);
                self.scrolling_ui.push(ui_pass);
                // Through the whole list in SCROLL_FRAMES frames, however long it is.
                let total = state.total as f32 * row_height;
                let step = (total / SCROLL_FRAMES as f32).max(row_height);
                self.scroll = self.scroll.map(|y| y + step);
                if self.scrolling.len() >= SCROLL_FRAMES {
                    self.phase = Phase::Done;
                    return Some(Report {
                        first_frame_s: self.first_frame.unwrap_or_default(),
                        first_frame_cpu_ms: f64::from(self.first_frame_cpu.unwrap_or_default()) * 1000.0,
                        indexing: FrameStats::of(std::mem::take(&mut self.indexing)),
                        scrolling: FrameStats::of(std::mem::take(&mut self.scrolling)),
                        indexing_ui_pass: FrameStats::of(std::mem::take(&mut self.indexing_ui)),
                        scrolling_ui_pass: FrameStats::of(std::mem::take(&mut self.scrolling_ui)),
                        hits: state.total,
                        articles: state.articles,
                        index_s: self.index_s,
                        rss_mb: crate::proc_status_mb("VmRSS:"),
                        rss_anon_mb: crate::proc_status_mb("RssAnon:"),
                    });
                }
            }
            Phase::Done => {}
        }
        None
    }
}
