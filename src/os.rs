//! Two requests to the operating system that keep Marsad a good desktop citizen on a small
//! machine. Both are best effort: where the system has no such thing (not Linux) or refuses,
//! nothing changes and nothing fails.

/// Lowers the calling thread's scheduling priority to the lowest (nice 19), for background work:
/// indexing, comparing and exporting. On 2 cores, indexing keeps both busy; at equal priority the
/// UI thread waits for a time slice behind them and frames stall for tens of milliseconds. At nice
/// +10 a few frames in a thousand still went over 16 ms while the app indexed (with a software
/// renderer's threads on the same cores); at 19 the indexer loses nothing while the UI is idle
/// (measured: the same index time in the app). Threads started from a lowered thread (tantivy's
/// indexing and merge threads) inherit the priority.
pub fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    {
        let tid = rustix::thread::gettid();
        let _ = rustix::process::setpriority_process(Some(tid), 19);
    }
}

/// Asks the kernel not to back this process with transparent huge pages. mimalloc marks its
/// segments as huge-page candidates; a 2 MB page is resident as soon as one byte of it is
/// touched, so the same heap costs more resident memory (see BENCHMARKS.md, "Session 5").
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}
