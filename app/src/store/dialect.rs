//! The store's SQL is written once, in SQLite's spelling; this renders it for PostgreSQL.
//!
//! What differs between the two engines in the queries Earmark runs is small and regular, so
//! it is translated here instead of each query being written twice:
//! - placeholders: `?` and `?NNN` become `$N` (a bare `?` takes the largest number so far
//!   plus one, as SQLite numbers it);
//! - `LIKE` is case-insensitive for ASCII in SQLite, so it becomes `ILIKE`;
//! - a JSON list of ids, `SELECT value FROM json_each(?)`, becomes
//!   `SELECT jsonb_array_elements_text(CAST(? AS jsonb))`;
//! - `group_concat(x, sep)` becomes `string_agg(x, sep)`.
//!
//! Text inside quotes is never touched. Anything else the engines disagree on (the search
//! index, triggers) is a backend-specific variant in its store module or migration.

use std::borrow::Cow;

/// The SQL as PostgreSQL reads it.
pub fn postgres(sql: &str) -> Cow<'_, str> {
    if !sql.contains('?') && !sql.contains("LIKE") && !sql.contains("json_each") && !sql.contains("group_concat") {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len() + 16);
    let bytes = sql.as_bytes();
    let mut highest = 0u32;
    // Closing text owed by a `json_each(` rewrite, emitted at its closing parenthesis.
    let mut json_each_open = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\'' | b'"' => {
                let end = sql[i + 1..].find(b as char).map_or(sql.len(), |j| i + 1 + j + 1);
                out.push_str(&sql[i..end]);
                i = end;
            }
            b'?' => {
                let digits = sql[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
                let n =
                    if digits > 0 { sql[i + 1..i + 1 + digits].parse().expect("digits parse") } else { highest + 1 };
                highest = highest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
                i += 1 + digits;
            }
            b')' if json_each_open => {
                out.push_str(" AS jsonb))");
                json_each_open = false;
                i += 1;
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                let word_len = sql[i..].bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
                let word = &sql[i..i + word_len];
                const JSON_EACH: &str = "SELECT value FROM json_each(";
                if word.eq_ignore_ascii_case("select") && sql[i..].starts_with(JSON_EACH) {
                    out.push_str("SELECT jsonb_array_elements_text(CAST(");
                    json_each_open = true;
                    i += JSON_EACH.len();
                    continue;
                }
                if word.eq_ignore_ascii_case("like") {
                    out.push_str("ILIKE");
                } else if word.eq_ignore_ascii_case("group_concat") {
                    out.push_str("string_agg");
                } else {
                    out.push_str(word);
                }
                i += word_len;
            }
            _ => {
                let len = sql[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&sql[i..i + len]);
                i += len;
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::postgres;

    #[test]
    fn placeholders_are_numbered_as_sqlite_numbers_them() {
        assert_eq!(postgres("SELECT a FROM t WHERE b = ? AND c = ?"), "SELECT a FROM t WHERE b = $1 AND c = $2");
        assert_eq!(
            postgres("WHERE a = ?1 AND (?2 IS NULL OR b = ?2) AND c = ?3"),
            "WHERE a = $1 AND ($2 IS NULL OR b = $2) AND c = $3"
        );
        assert_eq!(postgres("?2, ?"), "$2, $3");
    }

    #[test]
    fn quoted_text_is_left_alone() {
        assert_eq!(
            postgres("SELECT 'why? like' FROM \"t?\" WHERE a LIKE ?"),
            "SELECT 'why? like' FROM \"t?\" WHERE a ILIKE $1"
        );
        assert_eq!(postgres("a LIKE ? ESCAPE '\\'"), "a ILIKE $1 ESCAPE '\\'");
    }

    #[test]
    fn only_whole_words_are_renamed() {
        assert_eq!(postgres("SELECT likes, unlike FROM t"), "SELECT likes, unlike FROM t");
        assert_eq!(
            postgres("SELECT group_concat(p.privilege, ',') FROM p"),
            "SELECT string_agg(p.privilege, ',') FROM p"
        );
    }

    #[test]
    fn a_json_list_of_ids_reads_as_jsonb_elements() {
        assert_eq!(
            postgres("team_id IN (SELECT value FROM json_each(?3)) AND x = ?"),
            "team_id IN (SELECT jsonb_array_elements_text(CAST($3 AS jsonb))) AND x = $4"
        );
    }

    #[test]
    fn sql_without_anything_to_render_is_borrowed() {
        assert!(matches!(postgres("SELECT COUNT(*) FROM users"), std::borrow::Cow::Borrowed(_)));
    }
}
