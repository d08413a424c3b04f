//! The home page: corpus size, documents per year, speakers, latest documents.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use stenogram_store::{DocumentSummary, SpeakerRow, Status};

use super::{render, Frame, Helpers, PageError};
use crate::charts;
use crate::state::{Cost, SharedState};

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    frame: Frame,
    status: Status,
    chart: String,
    speakers: Vec<SpeakerRow>,
    latest: Vec<DocumentSummary>,
    dated: u64,
}

impl Helpers for Home {}

pub async fn home(State(state): State<SharedState>) -> Result<Response, PageError> {
    let ((status, years, speakers, latest), version) = state
        .run(Cost::Light, |store| {
            Ok((
                store.status()?,
                store.documents_per_year()?,
                store.speakers(&[], Some(12))?,
                store.latest_documents(12, 0)?,
            ))
        })
        .await?;
    let points: Vec<(String, f64)> = years
        .iter()
        .filter_map(|y| y.year.clone().map(|label| (label, y.documents as f64)))
        .collect();
    let dated = years
        .iter()
        .filter(|y| y.year.is_some())
        .map(|y| y.documents)
        .sum();
    let chart = charts::bars(
        "Documents per year",
        "documents",
        "year of the document",
        &points,
    );
    render(
        &Home {
            frame: Frame::new("Home", "", &version),
            status,
            chart,
            speakers,
            latest,
            dated,
        },
        &version,
    )
}
