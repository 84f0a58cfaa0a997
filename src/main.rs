//! The `marsad` binary: a thin shell over [`marsad::cli`].

fn main() -> std::process::ExitCode {
    marsad::cli::main()
}
