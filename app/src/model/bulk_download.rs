//! The recordings of a Stored Recordings filter as one ZIP: how many a download would hold,
//! and the manifest (`manifest.csv`) that lists their details beside their files.

use super::recordings::{duration_text, recordings, RecordingDetails};
use serde::{Deserialize, Serialize};

/// What downloading the recordings of a filter would hold, shown before the link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BulkDownloadPreview {
    /// How many recordings match, counted up to one more than `limit`.
    pub matching: u64,
    /// The most one download may hold (`EARMARK_BULK_DOWNLOAD_MAX`).
    pub limit: u64,
}

impl BulkDownloadPreview {
    pub fn allowed(&self) -> bool {
        self.matching > 0 && self.matching <= self.limit
    }

    pub fn sentence(&self) -> String {
        match self.matching {
            0 => "No recordings match this filter.".into(),
            n if n > self.limit => format!(
                "More than {} match this filter; one download may hold at most {}. Narrow the filter (dates, direction, search) first.",
                recordings(self.limit),
                self.limit
            ),
            1 => "1 recording matches this filter.".into(),
            n => format!("{n} recordings match this filter."),
        }
    }
}

/// Why a recording of the manifest has no file in the ZIP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    Erased,
    NotInStorage,
}

pub const MANIFEST_HEADER: &str = "file,call_id,started_at,duration,direction,caller_name,caller_number,callee_name,callee_number,user,queue,device,format,size_bytes,sha256,legal_hold,note\r\n";

/// A recording as one line of the manifest; `file` is its name in the ZIP.
pub fn manifest_line(r: &RecordingDetails, file: &str, missing: Option<Missing>) -> String {
    let note = match missing {
        None => "",
        Some(Missing::Erased) => "Audio erased on request; not in the download.",
        Some(Missing::NotInStorage) => "The audio could not be read from storage; not in the download.",
    };
    let row = &r.row;
    super::csv::line(&[
        file,
        &row.call_id,
        &row.started_at,
        &duration_text(row.duration_ms),
        row.direction.as_str(),
        &row.caller.name,
        &row.caller.number,
        &row.callee.name,
        &row.callee.number,
        row.user.as_deref().unwrap_or_default(),
        row.queue.as_deref().unwrap_or_default(),
        r.device.as_deref().unwrap_or_default(),
        r.format.as_str(),
        &r.size_bytes.to_string(),
        &r.sha256,
        if row.legal_hold { "yes" } else { "no" },
        note,
    ])
}

/// The name of each file in the ZIP: the recording's download name, numbered when two
/// recordings would share one.
#[derive(Default)]
pub struct FileNames(std::collections::HashSet<String>);

impl FileNames {
    pub fn unique(&mut self, name: String) -> String {
        if self.0.insert(name.clone()) {
            return name;
        }
        let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
        (2..)
            .map(|n| format!("{stem}-{n}.{ext}"))
            .find(|candidate| self.0.insert(candidate.clone()))
            .expect("a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_says_how_many_and_refuses_above_the_limit() {
        let p = |matching| BulkDownloadPreview { matching, limit: 500 };
        assert!(!p(0).allowed() && p(1).allowed() && p(500).allowed() && !p(501).allowed());
        assert_eq!(p(1).sentence(), "1 recording matches this filter.");
        assert_eq!(p(12).sentence(), "12 recordings match this filter.");
        assert!(p(501).sentence().starts_with("More than 500 recordings match"), "{}", p(501).sentence());
    }

    #[test]
    fn names_in_the_zip_never_collide() {
        let mut names = FileNames::default();
        assert_eq!(names.unique("a.wav".into()), "a.wav");
        assert_eq!(names.unique("a.wav".into()), "a-2.wav");
        assert_eq!(names.unique("a.wav".into()), "a-3.wav");
        assert_eq!(names.unique("b.mp3".into()), "b.mp3");
    }
}
