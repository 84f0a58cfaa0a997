//! Two requests to the operating system that keep Marsad a good desktop citizen on a small
//! machine. Both are best effort: where the system has no such thing (not Linux) or refuses,
//! nothing changes and nothing fails.

/// Lowers the calling thread's scheduling priority (nice +10), for background work: indexing,
/// comparing and exporting. On 2 cores, indexing keeps both busy; at equal priority the UI
/// thread waits for a time slice behind them and frames stall for tens of milliseconds. Threads
/// started from a lowered thread (tantivy's indexing and merge threads) inherit the priority.
pub fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    {
        let tid = rustix::thread::gettid();
        if let Ok(now) = rustix::process::getpriority_process(Some(tid)) {
            let _ = rustix::process::setpriority_process(Some(tid), (now + 10).min(19));
        }
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
