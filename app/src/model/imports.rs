//! The CSV import and export of users and devices: the columns, reading a file a spreadsheet
//! wrote, and the preview of what an import will change, line by line.

use crate::policy::{FieldError, Validation};
use serde::{Deserialize, Serialize};

/// The largest file an import takes, and the most lines.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;
pub const MAX_IMPORT_LINES: usize = 5_000;

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Users,
    Devices,
}

impl ImportKind {
    pub fn parse(text: &str) -> Option<ImportKind> {
        match text {
            "users" => Some(ImportKind::Users),
            "devices" => Some(ImportKind::Devices),
            _ => None,
        }
    }

    /// As in the address of its page and in the staged import.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Users => "users",
            ImportKind::Devices => "devices",
        }
    }

    /// The columns of the export, which an import takes back. `id` and `external_id` say which
    /// user or device a line is (a user without either, by extension); a line that names
    /// none is a new one. A column left out keeps what Earmark has.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Users => &["id", "external_id", "name", "extension", "team", "seat"],
            ImportKind::Devices => &["id", "external_id", "name", "owner_extension"],
        }
    }

    /// The columns every file must have.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            ImportKind::Users => &["name", "extension"],
            ImportKind::Devices => &["name"],
        }
    }
}

/// The records of a CSV file (RFC 4180: quoted fields may hold commas, quotes doubled and line
/// breaks), each with the line it starts on. A byte-order mark is skipped, blank lines are
/// not records, and a field the export defused against spreadsheet formulas (`'=…`) is read
/// back as it was.
pub fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, FieldError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let (mut fields, mut field) = (Vec::new(), String::new());
    let (mut line, mut start) = (1, 1);
    let (mut quoted, mut was_quoted) = (false, false);
    let mut chars = text.chars().peekable();
    let finish = |fields: &mut Vec<String>, field: &mut String, was_quoted: bool| {
        let f = std::mem::take(field);
        let defused = !was_quoted || f.starts_with('\'');
        let f = match f.strip_prefix('\'') {
            Some(rest) if defused && rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
            _ => f,
        };
        fields.push(f);
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => (quoted, was_quoted) = (true, true),
            '"' => {
                return Err(FieldError::new("file", format!("Line {line}: a quote inside a field that is not quoted.")))
            }
            ',' => {
                finish(&mut fields, &mut field, was_quoted);
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                finish(&mut fields, &mut field, was_quoted);
                was_quoted = false;
                if !(fields.len() == 1 && fields[0].is_empty()) {
                    out.push((start, std::mem::take(&mut fields)));
                }
                fields.clear();
                line += 1;
                start = line;
            }
            _ if was_quoted => {
                return Err(FieldError::new("file", format!("Line {line}: text after a quoted field's closing quote.")))
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(FieldError::new("file", format!("Line {start}: a quoted field is not closed.")));
    }
    if !field.is_empty() || was_quoted || !fields.is_empty() {
        finish(&mut fields, &mut field, was_quoted);
        if !(fields.len() == 1 && fields[0].is_empty()) {
            out.push((start, fields));
        }
    }
    Ok(out)
}

/// A file's header and lines, each line's cells by column name.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub lines: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// Reads the file as an import of `kind`: a header naming only columns this import knows,
    /// with the required ones, and at most [`MAX_IMPORT_LINES`] lines of as many cells.
    pub fn read(kind: ImportKind, text: &str) -> Result<Table, Validation> {
        let mut v = Validation::default();
        let fail = |v: Validation| Err(v);
        let mut all = match records(text) {
            Ok(r) => r.into_iter(),
            Err(e) => {
                v.check(Err(e));
                return fail(v);
            }
        };
        let Some((_, header)) = all.next() else {
            v.push(
                "file",
                format!("The file is empty: its first line names the columns ({}).", kind.columns().join(", ")),
            );
            return fail(v);
        };
        let columns: Vec<String> = header.iter().map(|c| c.trim().to_lowercase()).collect();
        for (i, c) in columns.iter().enumerate() {
            if !kind.columns().contains(&c.as_str()) {
                v.push(
                    "file",
                    format!("Line 1: unknown column \"{c}\" (this import takes {}).", kind.columns().join(", ")),
                );
            } else if columns[..i].contains(c) {
                v.push("file", format!("Line 1: the column \"{c}\" is there twice."));
            }
        }
        for r in kind.required() {
            if !columns.iter().any(|c| c == r) {
                v.push("file", format!("Line 1: the column \"{r}\" is missing."));
            }
        }
        let lines: Vec<(usize, Vec<String>)> = all.collect();
        if lines.len() > MAX_IMPORT_LINES {
            v.push("file", format!("The file has {} lines; an import takes at most {MAX_IMPORT_LINES}.", lines.len()));
        }
        for (n, cells) in &lines {
            if cells.len() != columns.len() {
                v.push("file", format!("Line {n}: {} cells where the header has {}.", cells.len(), columns.len()));
            }
        }
        v.into_result()?;
        Ok(Table { columns, lines })
    }

    /// The cell of `column` on a line, trimmed; `None` when the file has no such column.
    pub fn cell<'a>(&self, cells: &'a [String], column: &str) -> Option<&'a str> {
        self.columns.iter().position(|c| c == column).and_then(|i| cells.get(i)).map(|c| c.trim())
    }
}

/// A seat cell: yes or no (true/false, 1/0 and an empty cell, no, also read).
pub fn seat(cell: &str) -> Result<bool, FieldError> {
    match cell.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" | "" => Ok(false),
        _ => Err(FieldError::new("seat", format!("\"{cell}\" is not a seat: write yes or no."))),
    }
}

/// What an import does with one line.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineAction {
    Create,
    Update,
    Unchanged,
    /// The line has errors: nothing is imported until they are fixed.
    Invalid,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportLine {
    /// The line of the file, the header being line 1.
    pub line: usize,
    pub action: LineAction,
    /// The user or device the line is, as the page names it.
    pub label: String,
    /// For an update, each change (`Extension: 201 → 211`).
    pub changes: Vec<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Object>))]
    pub errors: Vec<FieldError>,
}

/// A staged import and what applying it would change.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub import: String,
    pub kind: ImportKind,
    pub file_name: String,
    pub lines: Vec<ImportLine>,
}

impl ImportPreview {
    pub fn count(&self, action: LineAction) -> usize {
        self.lines.iter().filter(|l| l.action == action).count()
    }
}

/// What an applied import did.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub kind: Option<ImportKind>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_what_spreadsheets_write() {
        let text = "\u{feff}name,extension\r\n\"Lee, Ann\",201\r\n\r\n\"Say \"\"hi\"\"\",202\n\"Two\nlines\",203\n'=SUM(A1),204";
        let r = records(text).unwrap();
        assert_eq!(r[0], (1, vec!["name".to_string(), "extension".to_string()]));
        assert_eq!(r[1], (2, vec!["Lee, Ann".to_string(), "201".to_string()]));
        assert_eq!(r[2], (4, vec!["Say \"hi\"".to_string(), "202".to_string()]));
        assert_eq!(r[3], (5, vec!["Two\nlines".to_string(), "203".to_string()]));
        assert_eq!(r[4], (7, vec!["=SUM(A1)".to_string(), "204".to_string()]));
        assert_eq!(records("a,\"b").unwrap_err().field, "file");
        assert!(records("a,b\"c").is_err());
    }

    #[test]
    fn what_the_export_writes_the_import_reads() {
        let cells = ["id-1", "", "=cmd", "O'Brien, \"Pat\"", "-", "line\nbreak"];
        let line = super::super::csv::line(&cells);
        assert_eq!(records(&line).unwrap(), vec![(1, cells.iter().map(|c| c.to_string()).collect())]);
    }

    #[test]
    fn a_header_names_known_columns_and_every_line_has_its_cells() {
        let t = Table::read(ImportKind::Users, "Name,Extension,Seat\nAnn,201,yes\n").unwrap();
        assert_eq!(t.cell(&t.lines[0].1, "seat"), Some("yes"));
        assert_eq!(t.cell(&t.lines[0].1, "team"), None);
        let e = Table::read(ImportKind::Users, "name,colour,name\nAnn,red\n").unwrap_err();
        let messages: Vec<&str> = e.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Line 1: unknown column \"colour\" (this import takes id, external_id, name, extension, team, seat).",
                "Line 1: the column \"name\" is there twice.",
                "Line 1: the column \"extension\" is missing.",
                "Line 2: 2 cells where the header has 3.",
            ]
        );
        assert!(Table::read(ImportKind::Devices, "").is_err());
    }

    #[test]
    fn a_seat_is_yes_or_no() {
        assert_eq!((seat("Yes"), seat(""), seat("0")), (Ok(true), Ok(false), Ok(false)));
        assert_eq!(seat("maybe").unwrap_err().field, "seat");
    }
}
