//! The CSV import and export of users and devices: the panel on the Users and Devices pages
//! (export link, upload form, what the last import did), and the preview page of an uploaded
//! file, which lists what each line will change, or what is wrong with it, before anything
//! is applied. The upload is a plain multipart form, so it works without JavaScript.

use crate::api::imports::{get_import_preview, ApplyImport};
use crate::components::form::action_error;
use crate::components::status::Loaded;
use crate::model::imports::{ImportKind, ImportLine, ImportPreview, LineAction, MAX_IMPORT_BYTES, MAX_IMPORT_LINES};
use crate::pages::company::use_company_id;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// "3 added, 1 changed, 20 already so": what an applied import did (`imported=3.1.20`).
fn outcome_text(kind: ImportKind, imported: &str) -> Option<String> {
    let n: Vec<usize> = imported.split('.').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [created, updated, unchanged] = n[..] else { return None };
    Some(format!(
        "Import done: {created} {} added, {updated} changed, {unchanged} already as the file says.",
        kind.as_str()
    ))
}

/// Export, and the form that uploads a file to preview.
#[component]
pub fn ImportPanel(kind: ImportKind, can_modify: bool) -> impl IntoView {
    let company = use_company_id();
    let query = use_query_map();
    let error = move || query.read().get("import_error").filter(|e| !e.is_empty());
    let done = move || query.read().get("imported").and_then(|i| outcome_text(kind, &i));
    let id = format!("import-{}", kind.as_str());
    let columns = kind.columns().join(", ");
    view! {
        <details class="import-panel" open=move || error().is_some()>
            <summary>"Export or import CSV"</summary>
            <p class="muted">{format!(
                "The export lists the {} with the columns {columns}; an import takes the same file back. A line with an id or external id changes that one; {}. Leave a column out to keep what is set.",
                kind.as_str(),
                match kind {
                    ImportKind::Users => "without, the user with its extension, or a new user",
                    ImportKind::Devices => "without, a new device",
                }
            )}</p>
            <p><a class="button secondary" href=move || format!("/api/v1/companies/{}/{}.csv", company(), kind.as_str()) download>{format!("Export {} as CSV", kind.as_str())}</a></p>
            {can_modify.then(|| view! {
                <form class="inline-form" method="post" enctype="multipart/form-data" action=move || format!("/api/v1/companies/{}/imports", company()) aria-label=format!("Import {}", kind.as_str())>
                    <input type="hidden" name="kind" value=kind.as_str()/>
                    <div class="field">
                        <label for=id.clone()>{format!("CSV file of {} (at most {} KB, {MAX_IMPORT_LINES} lines)", kind.as_str(), MAX_IMPORT_BYTES / 1024)}</label>
                        <input type="file" id=id.clone() name="file" accept=".csv,text/csv" required aria-describedby=format!("{id}-error")/>
                        <p class="field-error" id=format!("{id}-error")>{error}</p>
                    </div>
                    <div class="actions"><button type="submit" class="secondary">"Preview import"</button></div>
                </form>
            })}
        </details>
        <p class="alert ok" role="status" hidden=move || done().is_none()>{done}</p>
    }
}

/// `/c/:company/users/import/:import` and the devices' alike.
#[component]
pub fn ImportView(kind: ImportKind) -> impl IntoView {
    let company = use_company_id();
    let params = use_params_map();
    let import = move || params.read().get("import").unwrap_or_default();
    let preview = Resource::new(move || (company(), import()), |(c, i)| get_import_preview(c, i));
    let title = format!("Import {}", kind.as_str());
    view! {
        <Title text=title.clone()/>
        <section class="page">
            <h1>{title}</h1>
            <Loaded resource=preview render=move |p| view! { <Preview preview=p company=company()/> }/>
        </section>
    }
}

#[component]
fn Preview(preview: ImportPreview, company: String) -> impl IntoView {
    let apply = ServerAction::<ApplyImport>::new();
    let error = action_error(apply);
    let kind = preview.kind;
    let back = format!("/c/{company}/{}", kind.as_str());
    // After hydration the form does not leave the page: go where a plain post is sent.
    let navigate = use_navigate();
    let to = back.clone();
    Effect::new(move |_| {
        if let Some(Ok(done)) = apply.value().get() {
            navigate(
                &format!("{to}?imported={}.{}.{}", done.created, done.updated, done.unchanged),
                Default::default(),
            );
        }
    });
    let (create, update, same, wrong) = (
        preview.count(LineAction::Create),
        preview.count(LineAction::Update),
        preview.count(LineAction::Unchanged),
        preview.count(LineAction::Invalid),
    );
    let summary = format!(
        "{}: {} line{}. {create} to add, {update} to change, {same} already as the file says{}.",
        preview.file_name,
        preview.lines.len(),
        if preview.lines.len() == 1 { "" } else { "s" },
        if wrong > 0 { format!(", {wrong} with errors") } else { String::new() }
    );
    let nothing = create + update == 0 && wrong == 0;
    let rows = preview.lines.into_iter().map(|l| view! { <LineRow line=l/> }).collect_view();
    view! {
        <p role="status">{summary}</p>
        {(wrong > 0).then(|| view! {
            <p class="notice warn" role="alert">"Nothing is imported while a line has errors: fix them in the file and upload it again."</p>
        })}
        <p class="alert error" role="alert" hidden=move || error().is_none()>{move || error().map(|e| e.to_string())}</p>
        <div class="table-wrap">
            <table>
                <caption>"What the import will do, line by line (the header is line 1)"</caption>
                <thead><tr><th scope="col">"Line"</th><th scope="col">{match kind { ImportKind::Users => "User", ImportKind::Devices => "Device" }}</th><th scope="col">"Outcome"</th><th scope="col">"Details"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ActionForm action=apply attr:class="form">
            <input type="hidden" name="company" value=company/>
            <input type="hidden" name="import" value=preview.import/>
            <div class="actions">
                {(wrong == 0 && !nothing).then(|| view! {
                    <button type="submit" class="primary">{format!("Apply: add {create}, change {update}")}</button>
                })}
                <a class="button secondary" href=back>{if nothing { "Back: nothing to change" } else { "Cancel" }}</a>
            </div>
        </ActionForm>
    }
}

#[component]
fn LineRow(line: ImportLine) -> impl IntoView {
    let (outcome, class) = match line.action {
        LineAction::Create => ("Add", "ok"),
        LineAction::Update => ("Change", "ok"),
        LineAction::Unchanged => ("No change", "muted"),
        LineAction::Invalid => ("Error", "error"),
    };
    let details = if line.errors.is_empty() {
        line.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view().into_any()
    } else {
        line.errors.into_iter().map(|e| view! { <li class="field-error">{e.message}</li> }).collect_view().into_any()
    };
    view! {
        <tr>
            <td>{line.line}</td>
            <th scope="row">{line.label}</th>
            <td class=class>{outcome}</td>
            <td><ul class="plain">{details}</ul></td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_reads_from_the_address() {
        assert_eq!(
            outcome_text(ImportKind::Users, "3.1.20").as_deref(),
            Some("Import done: 3 users added, 1 changed, 20 already as the file says.")
        );
        assert_eq!(outcome_text(ImportKind::Devices, "3.x.1"), None);
        assert_eq!(outcome_text(ImportKind::Devices, "3.1"), None);
    }
}
