//! `/roles`: the built-in roles, read-only, and the custom roles made of privileges the
//! viewer holds.

use crate::api::roles::{get_roles, CreateRole, DeleteRole};
use crate::components::form::{about, action_error, succeeded, successes, ConfirmBox};
use crate::components::status::Loaded;
use crate::model::roles::RolesPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/roles`: the built-in roles (read-only) and custom ones.
#[component]
pub fn RolesView() -> impl IntoView {
    let create = ServerAction::<CreateRole>::new();
    let delete = ServerAction::<DeleteRole>::new();
    let (made, deleted_n) = (successes(create), successes(delete));
    let page = Resource::new(move || (made.get(), deleted_n.get()), |_| get_roles());
    let (created, deleted) = (succeeded(create, "created"), succeeded(delete, "deleted"));
    view! {
        <Title text="Roles"/>
        <section class="page">
            <h1>"Roles"</h1>
            <p class="muted">"A role is a named set of privileges. The built-in roles cannot be changed; a custom role holds only privileges you hold yourself."</p>
            <p class="alert ok" role="status" hidden=move || !created()>"The role was created."</p>
            <p class="alert ok" role="status" hidden=move || !deleted()>"The role was deleted."</p>
            <Loaded resource=page render=move |p| view! { <Roles page=p create delete/> }/>
        </section>
    }
}

#[component]
fn Roles(page: RolesPage, create: ServerAction<CreateRole>, delete: ServerAction<DeleteRole>) -> impl IntoView {
    let error = action_error(create);
    let delete_error = action_error(delete);
    let query = use_query_map();
    let rows = page
        .roles
        .into_iter()
        .map(|r| {
            let id = StoredValue::new(r.id.clone());
            let name = StoredValue::new(r.name.clone());
            let confirming = move || query.read().get("delete").as_deref() == Some(id.get_value().as_str());
            view! {
                <tr>
                    <th scope="row">{r.name.clone()}</th>
                    <td>{r.owner.clone()}</td>
                    <td>{r.privileges.join(", ")}</td>
                    <td>{match r.in_use { 0 => "Nobody".to_string(), 1 => "1 administrator".into(), n => format!("{n} administrators") }}</td>
                    <td>
                        {r.can_delete.then(|| view! {
                            {move || if confirming() {
                                view! {
                                    <ConfirmBox id=format!("delete-{}", id.get_value()) error=Signal::derive(move || delete_error().map(|e| e.to_string()))
                                        prompt=format!("Delete the role {}?", name.get_value())>
                                        <ActionForm action=delete attr:class="actions">
                                            <input type="hidden" name="id" value=id.get_value()/>
                                            <button type="submit" class="danger">"Delete role"</button>
                                            <a class="button secondary" href="?">"Cancel"</a>
                                        </ActionForm>
                                    </ConfirmBox>
                                }
                                .into_any()
                            } else {
                                view! {
                                    <a class="button secondary" href=format!("?delete={}", id.get_value()) aria-label=format!("Delete {}", name.get_value())>"Delete…"</a>
                                }
                                .into_any()
                            }}
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let boxes = page
        .grantable
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let (id, for_id) = (format!("role-privilege-{i}"), format!("role-privilege-{i}"));
            view! {
                <label class="check" for=for_id>
                    <input id=id type="checkbox" name=format!("form[privileges][{i}]") value=p.value/>
                    {p.label}
                </label>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption class="visually-hidden">"Roles"</caption>
            <thead>
                <tr>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Made by"</th>
                    <th scope="col">"Privileges"</th>
                    <th scope="col">"Held by"</th>
                    <th scope="col"><span class="visually-hidden">"Delete"</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <ActionForm action=create attr:class="editor" attr:aria-label="New role">
            <h2>"New role"</h2>
            <div class="field">
                <label for="role-name">"Name"</label>
                <input id="role-name" name="form[name]" type="text" autocomplete="off" aria-describedby="role-name-error"
                    aria-invalid=move || about(error, "name")().is_some().to_string()/>
                <p class="field-error" id="role-name-error">{about(error, "name")}</p>
            </div>
            <fieldset aria-describedby="role-privileges-error">
                <legend>"Privileges"</legend>
                {boxes}
                <p class="field-error" id="role-privileges-error">{about(error, "privileges")}</p>
            </fieldset>
            <div class="actions"><button type="submit">"Create role"</button></div>
        </ActionForm>
    }
}
