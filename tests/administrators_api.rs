//! Administrators, roles, teams and one's own account, through the server functions the
//! pages call, on a real SQLite file.

mod common;

use axum::http::{Method, StatusCode};
use common::{form_encode, sql, TestApp};
use leptos::server_fn::ServerFn;

use app::api::account::{ChangePassword, EndSession, GetAccount};
use app::api::administrators::{CreateAdmin, GetAdmins, ResetAdminPassword, SaveAdmin, SetAdminDisabled};
use app::api::roles::{CreateRole, DeleteRole, GetRoles};
use app::api::session::GetMe;
use app::api::teams::{DeleteTeam, GetTeams, SaveTeam};

const FIRST_PASSWORD: &str = "amber-kettle-violin-42";

fn field(r: &common::Reply) -> String {
    r.json()["field"].as_str().unwrap_or_default().to_string()
}

async fn team_id(app: &TestApp, company: &str, name: &str) -> String {
    app.id_named("teams", company, name).await
}

async fn create_admin(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> common::Reply {
    let mut pairs = vec![("password", FIRST_PASSWORD), ("confirm", FIRST_PASSWORD), ("back", "/administrators")];
    pairs.extend_from_slice(fields);
    app.server_fn(CreateAdmin::PATH, Some(cookie), &form_encode(&pairs)).await
}

#[tokio::test]
async fn a_supervisor_limited_to_one_team_is_made_and_must_choose_a_password() {
    let app = TestApp::new().await;
    let admin = app.login("admin@northwind.demo.test").await;
    let northwind = app.company_id("Northwind Traders").await;
    let sales = team_id(&app, &northwind, "Sales").await;
    let scope = format!("company:{northwind}");
    let r = create_admin(
        &app,
        &admin,
        &[
            ("form[email]", "Night.Lead@Northwind.demo.test"),
            ("form[name]", "Night Lead"),
            ("form[role]", "role-supervisor"),
            ("form[scope]", &scope),
            ("form[teams][0]", &sales),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Listed, with the team, the e-mail lower-cased, waiting for a password of their own.
    let list = app.server_fn(GetAdmins::PATH, Some(&admin), "company=&q=night").await.json();
    let rows = list["admins"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{list}");
    assert_eq!(rows[0]["email"], "night.lead@northwind.demo.test");
    assert_eq!(rows[0]["teams"], "Sales");
    assert_eq!(rows[0]["must_change_password"], true);

    // Signed in with the first password, nothing but the account works.
    let r = app.sign_in("night.lead@northwind.demo.test", FIRST_PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK);
    let lead = r.session_cookie().unwrap();
    let refused = app.call(Method::GET, &format!("/api/v1/companies/{northwind}/queues"), Some(&lead), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.json()["error"]["code"], "password_change_required", "{}", refused.body);
    let me = app.server_fn(GetMe::PATH, Some(&lead), "").await.json();
    assert_eq!(me["must_change_password"], true);

    // Not a common password, not the e-mail, not the same as before.
    let change = |current: &str, new: &str| form_encode(&[("current", current), ("password", new), ("confirm", new)]);
    let r = app.server_fn(ChangePassword::PATH, Some(&lead), &change("wrong", "tangerine-harbour-73")).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "current".into()));
    let r = app.server_fn(ChangePassword::PATH, Some(&lead), &change(FIRST_PASSWORD, "qwertyuiop123")).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "password".into()), "{}", r.body);
    assert!(r.body.contains("common"), "{}", r.body);
    let r = app
        .server_fn(ChangePassword::PATH, Some(&lead), &change(FIRST_PASSWORD, "night.lead@northwind.demo.test"))
        .await;
    assert_eq!(field(&r), "password");
    let r = app.server_fn(ChangePassword::PATH, Some(&lead), &change(FIRST_PASSWORD, FIRST_PASSWORD)).await;
    assert_eq!(field(&r), "password");
    let r = app.server_fn(ChangePassword::PATH, Some(&lead), &change(FIRST_PASSWORD, "tangerine-harbour-73")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // This session goes on, now with the supervisor's team scope: Sales only.
    let queues = app.call(Method::GET, &format!("/api/v1/companies/{northwind}/queues"), Some(&lead), None).await;
    assert_eq!(queues.status, StatusCode::OK, "{}", queues.body);
    let recordings = app
        .call(Method::GET, &format!("/api/v1/companies/{northwind}/recordings?limit=100"), Some(&lead), None)
        .await
        .json();
    let sales_users: Vec<String> =
        sql(&app.db, "SELECT name FROM users WHERE team_id = ?").bind(&sales).scalars().await.unwrap();
    let sales_queues: Vec<String> =
        sql(&app.db, "SELECT q.name FROM team_queues t JOIN queues q ON q.id = t.queue_id WHERE t.team_id = ?")
            .bind(&sales)
            .scalars()
            .await
            .unwrap();
    let rows = recordings["rows"].as_array().unwrap();
    assert!(!rows.is_empty(), "Sales took part in some demo calls: {recordings}");
    for rec in rows {
        let user = rec["user"].as_str().map(str::to_string);
        let queue = rec["queue"].as_str().map(str::to_string);
        assert!(
            user.is_some_and(|u| sales_users.contains(&u)) || queue.is_some_and(|q| sales_queues.contains(&q)),
            "a recording outside Sales: {rec}"
        );
    }
    // The old password no longer works; the new one does.
    assert_eq!(app.sign_in("night.lead@northwind.demo.test", FIRST_PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.sign_in("night.lead@northwind.demo.test", "tangerine-harbour-73").await.status, StatusCode::OK);
}

#[tokio::test]
async fn nobody_grants_a_role_or_scope_they_do_not_hold() {
    let app = TestApp::new().await;
    let admin = app.login("admin@northwind.demo.test").await;
    let northwind = app.company_id("Northwind Traders").await;
    let contoso = app.company_id("Contoso").await;
    let reseller = app.reseller_of(&northwind).await;
    let company = format!("company:{northwind}");
    let base = [("form[email]", "new@northwind.demo.test"), ("form[name]", "New")];
    let attempt = |role: &'static str, scope: String| {
        let mut fields = base.to_vec();
        fields.push(("form[role]", role));
        (fields, scope)
    };
    for (role, scope, refused_field) in [
        ("role-platform-owner", company.clone(), "role"),
        ("role-platform-owner", "platform".to_string(), "scope"),
        ("role-company-administrator", format!("reseller:{reseller}"), "scope"),
        ("role-company-administrator", format!("company:{contoso}"), "scope"),
        ("role-company-administrator", "company:no-such-company".to_string(), "scope"),
        ("no-such-role", company.clone(), "role"),
    ] {
        let (mut fields, scope) = attempt(role, scope);
        fields.push(("form[scope]", &scope));
        let r = create_admin(&app, &admin, &fields).await;
        assert_eq!(
            (r.status, field(&r)),
            (StatusCode::UNPROCESSABLE_ENTITY, refused_field.to_string()),
            "{role} at {scope}: {}",
            r.body
        );
    }
    // Teams of another company are refused too.
    let contoso_team = app.first_id("teams", &contoso).await;
    let owner = app.login("owner@demo.test").await;
    let r = create_admin(
        &app,
        &owner,
        &[
            ("form[email]", "x@northwind.demo.test"),
            ("form[name]", "X"),
            ("form[role]", "role-supervisor"),
            ("form[scope]", &company),
            ("form[teams][0]", &contoso_team),
        ],
    )
    .await;
    assert_eq!(field(&r), "teams", "{}", r.body);
    // A reseller's administrator may not even see the platform owner.
    let reseller_admin = app.login("admin@acme.demo.test").await;
    let owner_id = app.admin_id("owner@demo.test").await;
    let r =
        app.server_fn(app::api::administrators::GetAdmin::PATH, Some(&reseller_admin), &format!("id={owner_id}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Nothing was written.
    let n: i64 = sql(
        &app.db,
        "SELECT COUNT(*) FROM administrators WHERE email IN ('new@northwind.demo.test', 'x@northwind.demo.test')",
    )
    .scalar()
    .await
    .unwrap();
    assert_eq!(n, 0);
    // The refusals are not audited as writes; the successful creation is.
    let r = create_admin(
        &app,
        &admin,
        &[
            ("form[email]", "aud@northwind.demo.test"),
            ("form[name]", "Aud"),
            ("form[role]", "role-auditor"),
            ("form[scope]", &company),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let audited: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'administrator.create' AND company_id = ?")
            .bind(&northwind)
            .scalar()
            .await
            .unwrap();
    assert_eq!(audited, 1);
    // The same e-mail again is refused, whatever its case.
    let r = create_admin(
        &app,
        &admin,
        &[
            ("form[email]", "AUD@northwind.demo.test"),
            ("form[name]", "Aud"),
            ("form[role]", "role-auditor"),
            ("form[scope]", &company),
        ],
    )
    .await;
    assert_eq!(field(&r), "email");
}

#[tokio::test]
async fn disabling_ends_live_sessions_and_the_last_platform_owner_stays() {
    let app = TestApp::new().await;
    let admin = app.login("admin@northwind.demo.test").await;
    let supervisor = app.login("supervisor@northwind.demo.test").await;
    let supervisor_id = app.admin_id("supervisor@northwind.demo.test").await;
    let me = app.server_fn(GetMe::PATH, Some(&supervisor), "").await.json();
    assert_eq!(me["email"], "supervisor@northwind.demo.test");

    let r = app.server_fn(SetAdminDisabled::PATH, Some(&admin), &format!("id={supervisor_id}&disabled=true")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The live session is over on its very next request, and the login is refused.
    assert_eq!(app.server_fn(GetMe::PATH, Some(&supervisor), "").await.json(), serde_json::Value::Null);
    assert_eq!(app.sign_in("supervisor@northwind.demo.test", common::PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    let r = app.server_fn(SetAdminDisabled::PATH, Some(&admin), &format!("id={supervisor_id}&disabled=false")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(app.sign_in("supervisor@northwind.demo.test", common::PASSWORD).await.status, StatusCode::OK);

    // Nobody disables themselves; the only platform owner cannot be disabled or demoted.
    let owner = app.login("owner@demo.test").await;
    let owner_id = app.admin_id("owner@demo.test").await;
    let r = app.server_fn(SetAdminDisabled::PATH, Some(&owner), &format!("id={owner_id}&disabled=true")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let version: i64 =
        sql(&app.db, "SELECT version FROM administrators WHERE id = ?").bind(&owner_id).scalar().await.unwrap();
    let northwind = app.company_id("Northwind Traders").await;
    let demote = form_encode(&[
        ("id", &owner_id),
        ("version", &version.to_string()),
        ("form[name]", "Owner"),
        ("form[role]", "role-reseller-administrator"),
        ("form[scope]", "platform"),
    ]);
    let r = app.server_fn(SaveAdmin::PATH, Some(&owner), &demote).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("last enabled platform owner"), "{}", r.body);
    // With a second platform owner, the first may be demoted.
    let r = create_admin(
        &app,
        &owner,
        &[
            ("form[email]", "owner2@demo.test"),
            ("form[name]", "Second"),
            ("form[role]", "role-platform-owner"),
            ("form[scope]", "platform"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.server_fn(SaveAdmin::PATH, Some(&owner), &demote).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // A stale version is refused.
    let r = app.server_fn(SaveAdmin::PATH, Some(&owner), &demote).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let _ = northwind;

    // A password reset ends the sessions and asks for a new password at the next login.
    let supervisor = app.login("supervisor@northwind.demo.test").await;
    let reset = form_encode(&[("id", &supervisor_id), ("password", FIRST_PASSWORD), ("confirm", FIRST_PASSWORD)]);
    let r = app.server_fn(ResetAdminPassword::PATH, Some(&admin), &reset).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.server_fn(GetMe::PATH, Some(&supervisor), "").await.json(), serde_json::Value::Null);
    let r = app.sign_in("supervisor@northwind.demo.test", FIRST_PASSWORD).await;
    let cookie = r.session_cookie().unwrap();
    assert_eq!(app.server_fn(GetMe::PATH, Some(&cookie), "").await.json()["must_change_password"], true);
    let actions: Vec<String> =
        sql(&app.db, "SELECT action FROM audit_log WHERE object_id = ? AND action LIKE 'administrator.%' ORDER BY id")
            .bind(&supervisor_id)
            .scalars()
            .await
            .unwrap();
    assert_eq!(actions, ["administrator.disable", "administrator.enable", "administrator.reset_password"]);
}

#[tokio::test]
async fn custom_roles_hold_only_what_their_maker_holds_and_stay_while_in_use() {
    let app = TestApp::new().await;
    let admin = app.login("admin@northwind.demo.test").await;
    let northwind = app.company_id("Northwind Traders").await;
    let r =
        app.server_fn(CreateRole::PATH, Some(&admin), "form[name]=Too+much&form[privileges][0]=system.modify").await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "privileges".into()));
    let r = app
        .server_fn(
            CreateRole::PATH,
            Some(&admin),
            "form[name]=Night+desk&form[privileges][0]=queues.view&form[privileges][1]=recordings.view",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let role: String = r.json().as_str().unwrap().to_string();
    let r =
        app.server_fn(CreateRole::PATH, Some(&admin), "form[name]=night+DESK&form[privileges][0]=queues.view").await;
    assert_eq!(field(&r), "name");

    let roles = app.server_fn(GetRoles::PATH, Some(&admin), "").await.json();
    let night = roles["roles"].as_array().unwrap().iter().find(|r| r["id"] == role.as_str()).unwrap().clone();
    assert_eq!(night["privileges"], serde_json::json!(["Queues: View", "Recordings: View"]));
    assert_eq!(night["can_delete"], true);
    let builtin = roles["roles"].as_array().unwrap().iter().find(|r| r["id"] == "role-auditor").unwrap().clone();
    assert_eq!((builtin["builtin"].clone(), builtin["can_delete"].clone()), (true.into(), false.into()));

    // Another company's administrator neither sees nor uses it.
    let contoso = app.login("admin@contoso.demo.test").await;
    let theirs = app.server_fn(GetRoles::PATH, Some(&contoso), "").await.json();
    assert!(!theirs.to_string().contains("Night desk"));
    let contoso_id = app.company_id("Contoso").await;
    let r = create_admin(
        &app,
        &contoso,
        &[
            ("form[email]", "n@contoso.demo.test"),
            ("form[name]", "N"),
            ("form[role]", &role),
            ("form[scope]", &format!("company:{contoso_id}")),
        ],
    )
    .await;
    assert_eq!(field(&r), "role");

    // In use: refused, naming who holds it.
    let r = create_admin(
        &app,
        &admin,
        &[
            ("form[email]", "night@northwind.demo.test"),
            ("form[name]", "Night"),
            ("form[role]", &role),
            ("form[scope]", &format!("company:{northwind}")),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.server_fn(DeleteRole::PATH, Some(&admin), &format!("id={role}")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("night@northwind.demo.test"), "{}", r.body);
    let r = app.server_fn(DeleteRole::PATH, Some(&contoso), &format!("id={role}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Free again: deleted.
    let night_id = app.admin_id("night@northwind.demo.test").await;
    sql(&app.db, "UPDATE administrators SET role_id = 'role-auditor' WHERE id = ?")
        .bind(&night_id)
        .execute()
        .await
        .unwrap();
    let r = app.server_fn(DeleteRole::PATH, Some(&admin), &format!("id={role}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn teams_hold_users_and_queues_and_a_supervisors_team_is_not_deleted() {
    let app = TestApp::new().await;
    let admin = app.login("admin@northwind.demo.test").await;
    let northwind = app.company_id("Northwind Traders").await;
    let user = app.first_id("users", &northwind).await;
    let queue = app.first_id("queues", &northwind).await;
    let r = app.server_fn(SaveTeam::PATH, Some(&admin), &format!("company={northwind}&name=Support")).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "name".into()), "names are unique");
    let contoso = app.company_id("Contoso").await;
    let foreign = app.first_id("users", &contoso).await;
    let r = app
        .server_fn(SaveTeam::PATH, Some(&admin), &format!("company={northwind}&name=Nights&members[0]={foreign}"))
        .await;
    assert_eq!(field(&r), "members");
    let r = app
        .server_fn(
            SaveTeam::PATH,
            Some(&admin),
            &format!("company={northwind}&name=Nights&members[0]={user}&queues[0]={queue}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let team = r.json().as_str().unwrap().to_string();
    let page = app.server_fn(GetTeams::PATH, Some(&admin), &format!("company={northwind}")).await.json();
    let nights = page["teams"].as_array().unwrap().iter().find(|t| t["id"] == team.as_str()).unwrap().clone();
    assert_eq!(nights["members"], serde_json::json!([user]));
    assert_eq!(nights["queues"], serde_json::json!([queue]));
    // Renamed over the version read; a stale version is refused.
    let rename = format!("company={northwind}&team={team}&name=Late+shift&version=1&members[0]={user}");
    assert_eq!(app.server_fn(SaveTeam::PATH, Some(&admin), &rename).await.status, StatusCode::OK);
    assert_eq!(app.server_fn(SaveTeam::PATH, Some(&admin), &rename).await.status, StatusCode::CONFLICT);

    // The Support team has a supervisor limited to it: not deleted.
    let support = app.id_named("teams", &northwind, "Support").await;
    let r = app.server_fn(DeleteTeam::PATH, Some(&admin), &format!("company={northwind}&team={support}")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("supervisor@northwind.demo.test"), "{}", r.body);
    let r = app.server_fn(DeleteTeam::PATH, Some(&admin), &format!("company={northwind}&team={team}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let still: Option<String> =
        sql(&app.db, "SELECT team_id FROM users WHERE id = ?").bind(&user).scalar().await.unwrap();
    assert_eq!(still, None, "its users stay, without a team");
    // Another company's admin cannot reach these teams.
    let other = app.login("admin@fabrikam.demo.test").await;
    let r = app.server_fn(DeleteTeam::PATH, Some(&other), &format!("company={northwind}&team={support}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn own_sessions_are_listed_and_ended() {
    let app = TestApp::new().await;
    let first = app.login("admin@contoso.demo.test").await;
    let second = app.login("admin@contoso.demo.test").await;
    let page = app.server_fn(GetAccount::PATH, Some(&first), "").await.json();
    let sessions = page["sessions"].as_array().unwrap().clone();
    assert_eq!(sessions.len(), 2, "{page}");
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let other = sessions.iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_string();
    // Somebody else's session id is not found.
    let stranger = app.login("admin@northwind.demo.test").await;
    let r = app.server_fn(EndSession::PATH, Some(&stranger), &format!("id={other}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.server_fn(EndSession::PATH, Some(&first), &format!("id={other}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(app.server_fn(GetMe::PATH, Some(&second), "").await.json(), serde_json::Value::Null);
    assert_ne!(app.server_fn(GetMe::PATH, Some(&first), "").await.json(), serde_json::Value::Null);
    // Logging out removes the session from the list.
    let third = app.login("admin@contoso.demo.test").await;
    let r = app.call(Method::DELETE, "/api/v1/session", Some(&third), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let page = app.server_fn(GetAccount::PATH, Some(&first), "").await.json();
    assert_eq!(page["sessions"].as_array().unwrap().len(), 1);
}

#[test]
fn common_passwords_are_refused_with_what_people_add_at_the_end() {
    use app::services::password::is_common_password;
    assert!(is_common_password("password"));
    assert!(is_common_password("Password1234!"));
    assert!(is_common_password("qwertyuiop"));
    assert!(!is_common_password("tangerine-harbour-73"));
}

#[tokio::test]
async fn an_administrator_limited_to_teams_cannot_hand_out_logins_teams_or_tokens() {
    // Administrators: Modify limited to the Support team would let its holder make a login,
    // a team membership or a token that reaches past Support: the team limit takes it away.
    let app = TestApp::new().await;
    app.add_team_limited_admin("limited@northwind.demo.test", "Support admin", &["administrators.modify"], "Support")
        .await;
    let limited = app.login("limited@northwind.demo.test").await;
    let northwind = app.company_id("Northwind Traders").await;
    let support = team_id(&app, &northwind, "Support").await;
    let scope = format!("company:{northwind}");

    let r = app.server_fn(GetAdmins::PATH, Some(&limited), "company=&q=").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = create_admin(
        &app,
        &limited,
        &[
            ("form[email]", "wide@northwind.demo.test"),
            ("form[name]", "Wide"),
            ("form[role]", "role-company-admin"),
            ("form[scope]", &scope),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app.server_fn(GetTeams::PATH, Some(&limited), &format!("company={northwind}")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let form = form_encode(&[("company", &northwind), ("team", &support), ("version", "1"), ("name", "Support")]);
    let r = app.server_fn(SaveTeam::PATH, Some(&limited), &form).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .call(
            Method::POST,
            "/api/v1/tokens",
            Some(&limited),
            Some(serde_json::json!({"company": northwind, "name": "limited engine", "privileges": ["queues.view"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let tokens: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM api_tokens WHERE name = 'limited engine'").scalar().await.unwrap();
    let admins: i64 = sql(&app.db, "SELECT COUNT(*) FROM administrators WHERE email = 'wide@northwind.demo.test'")
        .scalar()
        .await
        .unwrap();
    assert_eq!((tokens, admins), (0, 0), "nothing was made");

    // Each refusal is in the audit log, with why.
    let why: Vec<String> = sql(
        &app.db,
        "SELECT detail FROM audit_log WHERE actor_email = 'limited@northwind.demo.test' AND outcome = 'refused'",
    )
    .scalars()
    .await
    .unwrap();
    assert!(!why.is_empty() && why.iter().all(|d| d.contains("limited to teams")), "{why:?}");
}
