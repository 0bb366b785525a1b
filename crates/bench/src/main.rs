//! `jirga-bench WHICH [OPTIONS]`, which `jirga bench WHICH [OPTIONS]` runs.

use clap::Parser;

#[derive(Parser)]
#[command(name = "jirga bench", bin_name = "jirga bench", about = "The performance figures of docs/PERFORMANCE.md")]
struct Cli {
    #[command(flatten)]
    args: jirga_bench::BenchArgs,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    jirga::init_logging();
    match jirga_bench::run(Cli::parse().args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
