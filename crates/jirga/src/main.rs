#[tokio::main]
async fn main() -> std::process::ExitCode {
    jirga::init_logging();
    match jirga::cli::run_args(std::env::args_os().collect()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
