//! The audio library as the API and its page read and write it.

use super::*;
pub use crate::policy::{CallRequest, PartyRef};
use serde::{Deserialize, Serialize};

/// An audio file or playbook of the company's library, as a dropdown lists it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AudioChoice {
    pub id: String,
    pub name: String,
}

/// An audio file of the company's library.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AudioItem {
    pub id: String,
    pub name: String,
    /// None for a file known by name only (demo data without content).
    pub format: Option<crate::model::audio::AudioFormat>,
    pub size_bytes: i64,
}

/// A playbook: audio files of the library played one after another, in this order.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaybookView {
    pub id: String,
    pub name: String,
    pub files: Vec<AudioChoice>,
    pub version: i64,
}

/// The most files a playbook plays: a prompt longer than this loses the caller anyway.
pub const MAX_PLAYBOOK_FILES: usize = 10;

/// A playbook as written: its name and the ids of its audio files in playing order. An
/// edit carries the version it read.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlaybookInput {
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::model::names::name_schema))]
    pub name: String,
    /// Ids of the library's audio files, 1 to 10 of them once blank entries (a form's empty
    /// slots) are left out.
    #[cfg_attr(feature = "ssr", schema(min_items = 1, max_items = 10))]
    pub files: Vec<String>,
    #[serde(default)]
    pub version: Option<i64>,
}

impl PlaybookInput {
    /// The files as chosen, without the empty slots of the page's form.
    pub fn chosen_files(&self) -> Vec<String> {
        self.files.iter().map(|f| f.trim()).filter(|f| !f.is_empty()).map(String::from).collect()
    }

    /// Everything but whether the files are in the library, which only the server knows.
    pub fn validate(&self) -> crate::policy::Validation {
        let mut v = crate::policy::Validation::default();
        v.check(check_name("name", &self.name));
        let n = self.chosen_files().len();
        if n == 0 {
            v.push("files", "Choose at least one audio file for the playbook.");
        } else if n > MAX_PLAYBOOK_FILES {
            v.push("files", format!("A playbook plays at most {MAX_PLAYBOOK_FILES} audio files; this one has {n}."));
        }
        v
    }
}

/// The company's audio library: its files and its playbooks.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AudioLibrary {
    pub files: Vec<AudioItem>,
    pub playbooks: Vec<PlaybookView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AudioLibraryPage {
    pub can_modify: bool,
    pub library: AudioLibrary,
}
