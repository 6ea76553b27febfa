//! The ceiling for benchmarks: axum answering every request with the same bytes from
//! memory (a saved copy of the page being compared). `bench/load.sh` runs it beside the
//! tracker so the tracker's throughput can be printed as a share of the most axum can do
//! on this machine.
//! Usage: static-ceiling ADDR FILE

use axum::{body::Bytes, http::header, routing::get, Router};

#[tokio::main]
async fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (Some(addr), Some(file)) = (args.next(), args.next()) else {
        return Err("usage: static-ceiling ADDR FILE".into());
    };
    let body = Bytes::from(std::fs::read(&file).map_err(|e| format!("can't read {file}: {e}"))?);
    let app = Router::new().fallback(get(move || {
        let body = body.clone();
        async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body) }
    }));
    let listener = tokio::net::TcpListener::bind(&addr).await.map_err(|e| format!("can't listen on {addr}: {e}"))?;
    axum::serve(listener, app).await.map_err(|e| e.to_string())
}
