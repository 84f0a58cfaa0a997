//! The desktop app (eframe + egui, glow renderer). It only calls into the library: indexing and
//! searching run on background threads ([`worker`]); the UI never blocks on disk or index.

pub mod app;
pub mod fonts;
pub mod i18n;
pub mod measure;
pub mod panes;
pub mod rtl;
pub mod rtl_edit;
pub mod state;
pub mod text;
pub mod worker;

use std::path::PathBuf;

pub use app::{MarsadApp, Options};

/// Opens the app window on `dir` (`None`: the last folder, else the demo corpus), optionally
/// with a first query.
pub fn run(dir: Option<PathBuf>, query: Option<String>, measure: Option<std::time::Instant>) -> anyhow::Result<()> {
    // Parsing threads yield to the UI thread (see os::lower_thread_priority). Only fails when
    // the pool already exists, which leaves it as it was.
    let _ = rayon::ThreadPoolBuilder::new().start_handler(|_| crate::os::lower_thread_priority()).build_global();
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Marsad — مرصد")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true)
            .with_app_id("marsad")
            .with_icon(
                eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icons/marsad-128.png"))
                    .unwrap_or_default(),
            ),
        renderer: eframe::Renderer::Glow,
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "marsad",
        native,
        Box::new(move |cc| {
            // A frame spends at most this on laying out new text (the rest follows next frame),
            // so that a first page of hits or a fast scroll does not freeze the window.
            rtl::set_layout_budget(&cc.egui_ctx, Some(std::time::Duration::from_millis(5)));
            let saved = app::load_saved(cc);
            Ok(Box::new(MarsadApp::new(
                &cc.egui_ctx,
                Options { dir, query, system_fonts: true, lang: None, saved, cache_dir: None, measure },
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the app window: {e}"))
}
