//! The pieces the Users and Devices pages share: a cell that shows what applies and where
//! it comes from, and the override fields of their dialogs.

use crate::policy::matrix::cell_key;
use crate::policy::matrix::CELLS;
use crate::policy::{Direction, Matrix, Network, Override};
use leptos::prelude::*;

pub fn cell_label(direction: Direction, network: Network) -> String {
    format!("{} {} calls", direction.label(), network.label())
}

/// The four column headers of an override table.
pub fn cell_headers() -> impl IntoView {
    CELLS
        .into_iter()
        .map(|(d, n)| view! { <th scope="col">{format!("{} {}", d.label(), n.label())}</th> })
        .collect_view()
}

/// One cell of a table: the value that applies and a badge saying where it comes from.
#[component]
pub fn EffectiveCell(on: bool, from: String, own: bool) -> impl IntoView {
    view! {
        <td class="cell">
            <span class=if on { "value on" } else { "value off" }>{if on { "On" } else { "Off" }}</span>
            " "
            <span class=if own { "badge own" } else { "badge" }>{from}</span>
        </td>
    }
}

/// The Override toggle and the four cells. `inherited` says, per cell in [`CELLS`] order,
/// what "Account default" means here: the value and where it comes from ("from user Ann
/// Lee", "the all-users switch").
#[component]
pub fn OverrideFields(
    overrides: RwSignal<Matrix<Override>>,
    enabled: RwSignal<bool>,
    inherited: Vec<(bool, String)>,
    disabled: bool,
) -> impl IntoView {
    let cells = CELLS
        .into_iter()
        .zip(inherited)
        .map(|((d, n), (on, from))| {
            let key = cell_key(d, n);
            let id = format!("cell-{key}");
            let default_label = format!("Account default ({})", if on { "On" } else { "Off" });
            let hint_id = format!("cell-{key}-hint");
            view! {
                <div class="field">
                    <label for=id.clone()>{cell_label(d, n)}</label>
                    <select
                        id=id
                        name=format!("form[{key}]")
                        aria-describedby=hint_id.clone()
                        disabled=disabled
                        prop:value=move || overrides.get().get(d, n).as_str()
                        on:change=move |ev| {
                            if let Some(o) = Override::parse(&event_target_value(&ev)) {
                                overrides.update(|m| m.set(d, n, o));
                                // Choosing On or Off is overriding: the toggle follows.
                                if o != Override::Inherit {
                                    enabled.set(true);
                                }
                            }
                        }
                    >
                        {Override::ALL
                            .into_iter()
                            .map(|o| {
                                let label = if o == Override::Inherit { default_label.clone() } else { o.label().to_string() };
                                view! {
                                    <option value=o.as_str() selected=overrides.get_untracked().get(d, n) == o>{label}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="hint" id=hint_id>{format!("Account default comes from {from}.")}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <label class="choice" for="override-enabled">
            <input
                type="checkbox"
                id="override-enabled"
                name="form[override_enabled]"
                value="on"
                checked=enabled.get_untracked()
                prop:checked=move || enabled.get()
                disabled=disabled
                aria-describedby="override-enabled-hint"
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    enabled.set(on);
                    if !on {
                        overrides.set(Matrix::default());
                    }
                }
            />
            "Override the account default"
        </label>
        <p class="hint" id="override-enabled-hint">"Off: every cell follows the account default, whatever is chosen below."</p>
        <div class="cells">{cells}</div>
    }
}

/// The address of a page of a searched list: `?q=…&page=…`.
pub fn list_query(q: &str, page: i64) -> String {
    let mut parts = Vec::new();
    if !q.is_empty() {
        parts.push(format!("q={}", crate::components::status::urlencode(q)));
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    format!("?{}", parts.join("&"))
}

/// The same page with the override dialog of `id` open.
pub fn edit_href(q: &str, page: i64, id: &str) -> String {
    let base = list_query(q, page);
    let sep = if base == "?" { "" } else { "&" };
    format!("{base}{sep}edit={id}")
}

/// The search box of a list: a GET form, so it works with JavaScript off too.
#[component]
pub fn SearchBox(label: &'static str, q: String) -> impl IntoView {
    view! {
        <leptos_router::components::Form method="GET" action="" attr:class="search" attr:role="search">
            <label for="list-search">{label}</label>
            <input id="list-search" type="search" name="q" value=q/>
            <button type="submit" class="secondary">"Search"</button>
        </leptos_router::components::Form>
    }
}

/// "Showing 51–100 of 10,000 users." with Previous / Next.
#[component]
pub fn Pager(noun: &'static str, q: String, page: i64, per_page: i64, shown: i64, total: i64) -> impl IntoView {
    let from = (page - 1) * per_page;
    let last = (total + per_page - 1) / per_page;
    let prev = (page > 1).then(|| list_query(&q, page - 1));
    let next = (page < last).then(|| list_query(&q, page + 1));
    view! {
        <nav class="pager" aria-label=format!("Pages of {noun}")>
            <p role="status">{format!("Showing {}–{} of {total} {noun}.", from + 1, from + shown)}</p>
            {prev.map(|href| view! { <a href=href rel="prev">"Previous"</a> })}
            {next.map(|href| view! { <a href=href rel="next">"Next"</a> })}
        </nav>
    }
}

/// What saving would do, updated as the administrator edits.
#[component]
pub fn ImpactPreview(lines: Memo<Vec<String>>) -> impl IntoView {
    view! {
        <section class="preview" aria-live="polite" aria-label="What saving does">
            {move || {
                let lines = lines.get();
                if lines.is_empty() {
                    view! { <p class="muted" data-testid="impact">"Saving changes no recording decision."</p> }.into_any()
                } else {
                    view! {
                        <ul class="impact" data-testid="impact">
                            {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// A preview line ("After saving, …") as the account of what the save did.
fn done(line: &str) -> String {
    let rest = line.strip_prefix("After saving, ").unwrap_or(line);
    let mut chars = rest.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// "Saved." and what the server says changed.
#[component]
pub fn SavedImpact(lines: Vec<String>) -> impl IntoView {
    view! {
        <div class="alert ok" role="status">
            <p>"Saved."</p>
            <ul class="impact" data-testid="saved-impact">
                {lines.iter().map(|l| view! { <li>{done(l)}</li> }).collect_view()}
            </ul>
        </div>
    }
}

/// The table of a Users or Devices page with its pager, or the empty state. With `bulk`,
/// the rows start with a checkbox and the table sits in the bulk change form.
#[component]
pub fn OverrideTable(
    caption: &'static str,
    /// The column headers before the four cells.
    leading: &'static [&'static str],
    rows: AnyView,
    noun: &'static str,
    /// What to say when nothing matches.
    empty: String,
    q: String,
    page: i64,
    per_page: i64,
    shown: i64,
    total: i64,
    bulk: Option<ServerAction<crate::api::bulk_changes::BulkSetCell>>,
    company: String,
) -> impl IntoView {
    if total == 0 {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    let table = view! {
        <div class="table-scroll">
            <table class="overrides">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        {bulk.is_some().then(|| view! { <th scope="col">"Select"</th> })}
                        {leading.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}
                        {cell_headers()}
                        <th scope="col"><span class="visually-hidden">"Settings"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    };
    let body = match bulk {
        Some(action) => view! {
            <ActionForm action attr:class="bulk-form">
                <input type="hidden" name="company" value=company/>
                <input type="hidden" name="target" value=noun/>
                <BulkBar noun bulk=action/>
                {table}
            </ActionForm>
        }
        .into_any(),
        None => table.into_any(),
    };
    view! {
        {body}
        <Pager noun q page per_page shown total/>
    }
    .into_any()
}

/// Sets one cell for the rows ticked in the table below it (the form wraps both).
#[component]
pub fn BulkBar(noun: &'static str, bulk: ServerAction<crate::api::bulk_changes::BulkSetCell>) -> impl IntoView {
    let error = crate::components::form::action_error(bulk);
    let done = move || match bulk.value().get() {
        Some(Ok(0)) => Some(format!("No {noun} changed: the selected ones already had that value.")),
        Some(Ok(1)) => Some(format!("Changed 1 of the selected {noun}.")),
        Some(Ok(n)) => Some(format!("Changed {n} {noun}.")),
        _ => None,
    };
    view! {
        <fieldset class="bulk">
            <legend>{format!("Change the selected {noun}")}</legend>
            <div class="bulk-controls">
                <label for="bulk-cell">"Calls"</label>
                <select id="bulk-cell" name="cell">
                    {CELLS
                        .into_iter()
                        .map(|(d, n)| view! { <option value=cell_key(d, n)>{cell_label(d, n)}</option> })
                        .collect_view()}
                </select>
                <label for="bulk-value">"Set to"</label>
                <select id="bulk-value" name="value">
                    {Override::ALL.into_iter().map(|o| view! { <option value=o.as_str()>{o.label()}</option> }).collect_view()}
                </select>
                <button type="submit" class="secondary">"Apply to selected"</button>
            </div>
            <p class="alert error" role="alert" hidden=move || error().is_none()>{move || error().map(|e| e.to_string())}</p>
            <p class="bulk-done" role="status">{done}</p>
        </fieldset>
    }
}

/// The checkbox that selects a row for a bulk change.
pub fn select_cell(index: usize, id: &str, name: &str) -> impl IntoView {
    let field = format!("ids[{index}]");
    let label = format!("Select {name}");
    view! { <td><input type="checkbox" name=field value=id.to_string() aria-label=label/></td> }
}
