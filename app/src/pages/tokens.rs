//! API tokens: the bearer tokens a telephony engine or script uses, scoped to this company
//! and to privileges the creator holds. A token's secret is shown once, when it is made;
//! the list says who made each, when it was last used, and revokes it.

use crate::api::tokens::{get_tokens, CreateToken, RevokeToken};
use crate::components::form::{action_error, ConfirmBox};
use crate::components::status::Loaded;
use crate::components::time::time_or;
use crate::model::{TokenView, TokensPage};
use crate::pages::company::use_company_id;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn when(t: &Option<String>) -> AnyView {
    time_or(t.as_deref(), "—")
}

#[component]
pub fn TokensView() -> impl IntoView {
    let company = use_company_id();
    let query = use_query_map();
    let create = ServerAction::<CreateToken>::new();
    let created = move || create.value().get().and_then(Result::ok);
    let page = Resource::new(move || (company(), created().map(|t| t.token)), |(c, _)| get_tokens(c));
    let revoked = move || query.read().get("revoked").is_some();
    view! {
        <Title text="API tokens"/>
        <section class="page">
            <h1>"API tokens"</h1>
            <p class="muted">"A token lets a telephony engine or a script call Earmark's JSON API for this company, with only the privileges chosen here. Send it as "<code>"Authorization: Bearer …"</code>"."</p>
            <p class="alert ok" role="status" hidden=move || !revoked()>"The token was revoked: it no longer works."</p>
            {move || created().map(|t| view! { <JustMade token=t/> })}
            <Loaded resource=page render=move |p| view! {
                {p.just_made.clone().map(|t| view! { <JustMade token=t/> })}
                <Tokens page=p create company=company()/>
            }/>
        </section>
    }
}

/// The secret of a token just made, shown this once.
#[component]
fn JustMade(token: crate::model::CreatedTokenView) -> impl IntoView {
    view! {
        <div class="alert ok secret" role="status">
            <p>{format!("Token {} made. Copy it now: it is not shown again.", token.name)}</p>
            <label for="new-token-secret">"Token"</label>
            <input id="new-token-secret" type="text" readonly value=token.token.clone()/>
        </div>
    }
}

#[component]
fn Tokens(page: TokensPage, create: ServerAction<CreateToken>, company: String) -> impl IntoView {
    let error = action_error(create);
    let field_error = move |field: &'static str| move || error().and_then(|e| e.for_field(field));
    let boxes = page
        .grantable
        .iter()
        .enumerate()
        .map(|(i, (key, label))| {
            let (id, for_id) = (format!("token-privilege-{i}"), format!("token-privilege-{i}"));
            view! {
                <label class="check" for=for_id>
                    <input id=id type="checkbox" name=format!("privileges[{i}]") value=key.clone()/>
                    {label.clone()}
                </label>
            }
        })
        .collect_view();
    let rows = page.tokens.iter().map(|t| view! { <TokenRow token=t.clone() company=company.clone()/> }).collect_view();
    view! {
        <ActionForm action=create attr:class="editor" attr:aria-label="Make a token">
            <h2>"Make a token"</h2>
            <input type="hidden" name="company" value=company.clone()/>
            <div class="field">
                <label for="token-name">"Name"</label>
                <input id="token-name" name="name" type="text" autocomplete="off" placeholder="e.g. the telephony engine"
                    aria-describedby="token-name-error" aria-invalid=move || field_error("name")().is_some().to_string()/>
                <p class="field-error" id="token-name-error">{field_error("name")}</p>
            </div>
            <fieldset aria-describedby="token-privileges-error">
                <legend>"Privileges"</legend>
                {boxes}
                <p class="field-error" id="token-privileges-error">{field_error("privileges")}</p>
            </fieldset>
            <div class="field">
                <label for="token-days">"Expires after (days)"</label>
                <input id="token-days" name="expires_in_days" type="number" min="1" max="3650" inputmode="numeric"
                    aria-describedby="token-days-help token-days-error" aria-invalid=move || field_error("expires_in_days")().is_some().to_string()/>
                <p class="help" id="token-days-help">"Leave empty for a token that lives until it is revoked."</p>
                <p class="field-error" id="token-days-error">{field_error("expires_in_days")}</p>
            </div>
            <div class="actions"><button type="submit">"Make token"</button></div>
        </ActionForm>
        <h2>"Tokens of this company"</h2>
        {if page.tokens.is_empty() {
            view! { <p class="empty">"No tokens yet."</p> }.into_any()
        } else {
            view! {
                <table>
                    <caption class="visually-hidden">"API tokens"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Privileges"</th>
                            <th scope="col">"Made"</th>
                            <th scope="col">"Last used"</th>
                            <th scope="col">"Expires"</th>
                            <th scope="col"><span class="visually-hidden">"Revoke"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }}
    }
}

/// One token, with a revoke button that asks first (`?revoke=<id>`, so it works without
/// JavaScript too).
#[component]
fn TokenRow(token: TokenView, company: String) -> impl IntoView {
    let revoke = ServerAction::<RevokeToken>::new();
    let error = action_error(revoke);
    let query = use_query_map();
    let id = StoredValue::new(token.id.clone());
    let name = StoredValue::new(token.name.clone());
    let company = StoredValue::new(company);
    let confirming = move || query.read().get("revoke").as_deref() == Some(id.get_value().as_str());
    let live = token.revoked_at.is_none();
    view! {
        <tr>
            <th scope="row">{token.name.clone()}</th>
            <td>{token.privileges.join(", ")}</td>
            <td>{when(&Some(token.created_at.clone()))}{format!(" by {}", token.created_by)}</td>
            <td>{when(&token.last_used_at)}</td>
            <td>{when(&token.expires_at)}</td>
            <td>
                {if live {
                    view! {
                        {move || if confirming() {
                            view! {
                                <ConfirmBox id=format!("revoke-{}", id.get_value()) error=Signal::derive(move || error().map(|e| e.to_string()))
                                    prompt=format!("Revoke {}? Whatever uses it is refused from now on.", name.get_value())>
                                    <ActionForm action=revoke attr:class="actions">
                                        <input type="hidden" name="company" value=company.get_value()/>
                                        <input type="hidden" name="id" value=id.get_value()/>
                                        <button type="submit" class="danger">"Revoke token"</button>
                                        <a class="button secondary" href="?">"Cancel"</a>
                                    </ActionForm>
                                </ConfirmBox>
                            }
                            .into_any()
                        } else {
                            view! {
                                <a class="button secondary" href=format!("?revoke={}", id.get_value()) aria-label=format!("Revoke {}", name.get_value())>"Revoke…"</a>
                            }
                            .into_any()
                        }}
                    }
                    .into_any()
                } else {
                    view! { <span class="badge warn">"Revoked "{when(&token.revoked_at)}</span> }.into_any()
                }}
            </td>
        </tr>
    }
}
