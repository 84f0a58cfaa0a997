//! The `marsad` binary: a thin shell over [`marsad::cli`].

/// mimalloc rather than glibc malloc: freed memory goes back to the system (see Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    marsad::cli::main()
}
