//! Teams of a company: which users are in each and which queues each serves. A supervisor
//! limited to teams sees the recordings of those users and queues.

use crate::api::teams::{get_teams, DeleteTeam, SaveTeam};
use crate::components::form::{action_error, succeeded, successes, ConfirmBox};
use crate::components::status::Loaded;
use crate::model::administrators::Choice;
use crate::model::teams::{TeamMember, TeamView, TeamsPage};
use crate::pages::company::use_company_id;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TeamsView() -> impl IntoView {
    let company = use_company_id();
    let save = ServerAction::<SaveTeam>::new();
    let delete = ServerAction::<DeleteTeam>::new();
    let (saves, deletes) = (successes(save), successes(delete));
    let page = Resource::new(move || (company(), saves.get(), deletes.get()), |(c, ..)| get_teams(c));
    let (saved, deleted) = (succeeded(save, "saved"), succeeded(delete, "deleted"));
    view! {
        <Title text="Teams"/>
        <section class="page">
            <h1>"Teams"</h1>
            <p class="muted">"A user is in at most one team. A supervisor limited to teams sees the recordings in which a user of those teams, or a queue they serve, took part."</p>
            <p class="alert ok" role="status" hidden=move || !saved()>"The team was saved."</p>
            <p class="alert ok" role="status" hidden=move || !deleted()>"The team was deleted; its users stay in the company without a team."</p>
            <Loaded resource=page render=move |p| view! { <Teams page=p save delete company=company()/> }/>
        </section>
    }
}

#[component]
fn Teams(
    page: TeamsPage,
    save: ServerAction<SaveTeam>,
    delete: ServerAction<DeleteTeam>,
    company: String,
) -> impl IntoView {
    let users = StoredValue::new(page.users);
    let queues = StoredValue::new(page.queues);
    let names: Vec<(String, String)> = page.teams.iter().map(|t| (t.id.clone(), t.name.clone())).collect();
    let names = StoredValue::new(names);
    let list = if page.teams.is_empty() {
        view! { <p class="empty">"No teams yet. Make the first one below."</p> }.into_any()
    } else {
        page.teams
            .into_iter()
            .map(|t| {
                view! { <TeamForm team=Some(t) users=users.get_value() queues=queues.get_value() names=names.get_value() save delete company=company.clone()/> }
            })
            .collect_view()
            .into_any()
    };
    view! {
        {list}
        <TeamForm team=None users=users.get_value() queues=queues.get_value() names=names.get_value() save delete company=company.clone()/>
    }
}

/// One team's form (or, with no team, the form of a new one): name, users, queues.
#[component]
fn TeamForm(
    team: Option<TeamView>,
    users: Vec<TeamMember>,
    queues: Vec<Choice>,
    names: Vec<(String, String)>,
    save: ServerAction<SaveTeam>,
    delete: ServerAction<DeleteTeam>,
    company: String,
) -> impl IntoView {
    let key = team.as_ref().map_or_else(|| "new".to_string(), |t| t.id.clone());
    // Each form shows only the errors of its own submission.
    let submitted = StoredValue::new(String::new());
    let error = action_error(save);
    let mine = {
        let key = key.clone();
        move || {
            let latest = save.input().get().map(|i| if i.team.is_empty() { "new".to_string() } else { i.team.clone() });
            if let Some(k) = latest {
                submitted.set_value(k);
            }
            let k = submitted.get_value();
            (k.is_empty() || k == key).then(error).flatten()
        }
    };
    let mine = StoredValue::new(mine);
    let err = move |field: &'static str| move || mine.with_value(|m| m()).and_then(|e| e.for_field(field));
    let general = move || mine.with_value(|m| m()).filter(|e| e.field().is_none()).map(|e| e.to_string());
    let team_name =
        |id: &Option<String>| id.as_ref().and_then(|id| names.iter().find(|(t, _)| t == id)).map(|(_, n)| n.clone());
    let (id, name, version, members, served, supervisors) = match &team {
        Some(t) => {
            (t.id.clone(), t.name.clone(), t.version, t.members.clone(), t.queues.clone(), t.supervisors.clone())
        }
        None => (String::new(), String::new(), 0, Vec::new(), Vec::new(), Vec::new()),
    };
    let user_boxes = users
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let (box_id, for_id) = (format!("team-{key}-user-{i}"), format!("team-{key}-user-{i}"));
            let now_in = team_name(&u.team).filter(|_| u.team.as_deref() != Some(id.as_str()));
            view! {
                <label class="check" for=for_id>
                    <input id=box_id type="checkbox" name=format!("members[{i}]") value=u.id.clone() checked=members.contains(&u.id)/>
                    {format!("{} ({})", u.name, u.extension)}
                    {now_in.map(|t| view! { <span class="muted">{format!(" — now in {t}")}</span> })}
                </label>
            }
        })
        .collect_view();
    let queue_boxes = queues
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let (box_id, for_id) = (format!("team-{key}-queue-{i}"), format!("team-{key}-queue-{i}"));
            view! {
                <label class="check" for=for_id>
                    <input id=box_id type="checkbox" name=format!("queues[{i}]") value=q.value.clone() checked=served.contains(&q.value)/>
                    {q.label.clone()}
                </label>
            }
        })
        .collect_view();
    let title = if team.is_some() { name.clone() } else { "New team".to_string() };
    // Each button's name begins with the words it shows (WCAG 2.5.3, label in name).
    let save_label = team.is_some().then(|| format!("Save team {name}"));
    let delete_label = format!("Delete team {name}");
    let query = use_query_map();
    let delete_error = action_error(delete);
    let confirm_id = StoredValue::new(id.clone());
    let confirming = move || {
        !confirm_id.get_value().is_empty()
            && query.read().get("delete").as_deref() == Some(confirm_id.get_value().as_str())
    };
    let company_v = StoredValue::new(company.clone());
    let name_v = StoredValue::new(name.clone());
    let (heading_id, labelled_by) = (format!("team-{key}-heading"), format!("team-{key}-heading"));
    view! {
        <ActionForm action=save attr:class="editor" attr:aria-labelledby=labelled_by>
            <h2 id=heading_id>{title}</h2>
            <input type="hidden" name="company" value=company.clone()/>
            <input type="hidden" name="team" value=id.clone()/>
            <input type="hidden" name="version" value=version/>
            <p class="alert error" role="alert" hidden=move || general().is_none()>{general}</p>
            <div class="field">
                <label for=format!("team-{key}-name")>"Name"</label>
                <input id=format!("team-{key}-name") name="name" type="text" value=name.clone() autocomplete="off"
                    aria-describedby=format!("team-{key}-name-error") aria-invalid=move || err("name")().is_some().to_string()/>
                <p class="field-error" id=format!("team-{key}-name-error")>{err("name")}</p>
            </div>
            <fieldset aria-describedby=format!("team-{key}-members-error")>
                <legend>"Users"</legend>
                {if users.is_empty() { Some(view! { <p class="muted">"This company has no users yet."</p> }) } else { None }}
                {user_boxes}
                <p class="field-error" id=format!("team-{key}-members-error")>{err("members")}</p>
            </fieldset>
            <fieldset aria-describedby=format!("team-{key}-queues-error")>
                <legend>"Queues it serves"</legend>
                {if queues.is_empty() { Some(view! { <p class="muted">"This company has no queues yet."</p> }) } else { None }}
                {queue_boxes}
                <p class="field-error" id=format!("team-{key}-queues-error")>{err("queues")}</p>
            </fieldset>
            {(!supervisors.is_empty()).then(|| view! {
                <p class="muted">{format!("Supervisors limited to this team: {}.", supervisors.join(", "))}</p>
            })}
            <div class="actions">
                <button type="submit" aria-label=save_label>{if team.is_some() { "Save team" } else { "Create team" }}</button>
                {team.is_some().then(|| view! {
                    <a class="button secondary" href=format!("?delete={}", confirm_id.get_value()) aria-label=delete_label.clone()>"Delete…"</a>
                })}
            </div>
        </ActionForm>
        {move || confirming().then(|| view! {
            <ConfirmBox id=format!("delete-{}", confirm_id.get_value()) error=Signal::derive(move || delete_error().map(|e| e.to_string()))
                prompt=format!("Delete the team {}? Its users stay in the company without a team.", name_v.get_value())>
                <ActionForm action=delete attr:class="actions">
                    <input type="hidden" name="company" value=company_v.get_value()/>
                    <input type="hidden" name="team" value=confirm_id.get_value()/>
                    <button type="submit" class="danger">"Delete team"</button>
                    <a class="button secondary" href="?">"Cancel"</a>
                </ActionForm>
            </ConfirmBox>
        })}
    }
}
