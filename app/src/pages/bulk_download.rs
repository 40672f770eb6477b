//! The bulk download on Stored Recordings: how many recordings the current filter matches,
//! then a plain link to their ZIP (so it downloads without JavaScript, and the browser shows
//! its own progress).

use crate::api::bulk_download::get_bulk_download_preview;
use crate::model::legal_hold::BulkFilter;
use crate::model::recordings::RecordingFilter;
use leptos::prelude::*;

#[component]
pub fn BulkDownloadPanel(company: String, filter: RecordingFilter) -> impl IntoView {
    let key = (company.clone(), BulkFilter::of(&filter));
    let preview = Resource::new(move || key.clone(), |(c, f)| get_bulk_download_preview(c, f));
    let href = format!("/api/v1/companies/{company}/recordings.zip?{}", filter.query_string());
    let href = StoredValue::new(href);
    view! {
        <details class="settings bulk-download">
            <summary>"Download the recordings of this filter"</summary>
            <Transition fallback=|| view! { <p class="muted">"Counting the recordings…"</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(p) if p.allowed() => view! {
                            <p data-testid="bulk-download-preview">{p.sentence()}</p>
                            <p class="muted">"One ZIP with each recording's audio as it is stored and manifest.csv listing their details. Each recording's download is recorded in the audit log."</p>
                            <p><a class="button primary" href=href.get_value() download>{if p.matching == 1 { "Download 1 recording (ZIP)".to_string() } else { format!("Download {} recordings (ZIP)", p.matching) }}</a></p>
                        }
                        .into_any(),
                        Ok(p) => view! { <p class="empty" data-testid="bulk-download-preview">{p.sentence()}</p> }.into_any(),
                        Err(e) => view! { <p class="field-error">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </details>
    }
}
