//! serde reads a struct from a JSON array as well as from an object (`[true, false]` for
//! `{"onnet": true, "offnet": false}`), by the fields' order. The API's document says these
//! fields are objects, and a client that sends an array has made a mistake the server must
//! name, not guess at: `#[serde(deserialize_with = "object")]` reads the struct from an
//! object only.

use serde::de::{Deserialize, Deserializer, Visitor};

/// The field's struct, from a JSON object only.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    T::deserialize(ObjectOnly(d))
}

/// The same for an optional struct: `null` or an object.
pub fn optional_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    struct Optional<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for Optional<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object or null")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            object(d).map(Some)
        }
    }
    d.deserialize_option(Optional(std::marker::PhantomData))
}

/// A variant of an internally tagged enum with no fields, read as a closed struct: serde takes
/// unknown fields in such a variant silently (`deny_unknown_fields` on the enum does not reach
/// its variants), so the enums the API reads are read through mirrors whose variants are
/// closed structs (`closed` modules beside them), then turned into the real thing.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoFields {}

/// A deserializer that hands a struct's visitor a map only.
struct ObjectOnly<D>(D);

macro_rules! forward {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(visitor)
        })*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Matrix, Override};

    #[derive(Debug, serde::Deserialize)]
    struct Body {
        #[serde(deserialize_with = "object")]
        #[allow(dead_code)]
        matrix: Matrix<Override>,
        #[serde(default, deserialize_with = "optional_object")]
        maybe: Option<Matrix<Override>>,
    }

    #[test]
    fn a_tagged_variant_refuses_a_field_it_does_not_have() {
        use crate::contact_center::Selection;
        use crate::treatment::{Announcement, Outgoing};
        let outgoing = serde_json::from_str::<Outgoing>(r#"{"kind": "ask_to_record", "prompt": "Record?"}"#);
        assert_eq!(outgoing.unwrap(), Outgoing::AskToRecord { prompt: "Record?".into() });
        assert!(serde_json::from_str::<Outgoing>(r#"{"kind": "ask_to_record", "prompt": "x", "colour": 1}"#).is_err());
        assert!(serde_json::from_str::<Outgoing>(r#"{"kind": "record_all", "prompt": "x"}"#).is_err());
        assert_eq!(serde_json::from_str::<Selection>(r#"{"kind": "all"}"#).unwrap(), Selection::All);
        assert!(serde_json::from_str::<Selection>(r#"{"kind": "percentage", "percent": 5, "of": 9}"#).is_err());
        let mp3 = serde_json::from_str::<Announcement>(r#"{"kind": "mp3", "file": "a1"}"#).unwrap();
        assert_eq!(mp3, Announcement::Mp3 { file: "a1".into() });
        assert!(serde_json::from_str::<Announcement>(r#"{"kind": "built_in", "file": "a1"}"#).is_err());
    }

    #[test]
    fn a_struct_is_read_from_an_object_and_never_from_an_array() {
        let matrix =
            r#"{"inbound": {"onnet": "on", "offnet": "off"}, "outbound": {"onnet": "inherit", "offnet": "on"}}"#;
        let ok: Body = serde_json::from_str(&format!(r#"{{"matrix": {matrix}, "maybe": null}}"#)).unwrap();
        assert!(ok.maybe.is_none());
        let some: Body = serde_json::from_str(&format!(r#"{{"matrix": {matrix}, "maybe": {matrix}}}"#)).unwrap();
        assert!(some.maybe.is_some());
        let array = r#"[{"onnet": "on", "offnet": "off"}, {"onnet": "on", "offnet": "off"}]"#;
        assert!(serde_json::from_str::<Body>(&format!(r#"{{"matrix": {array}}}"#)).is_err());
        assert!(serde_json::from_str::<Body>(&format!(r#"{{"matrix": {matrix}, "maybe": {array}}}"#)).is_err());
        let inner = r#"{"inbound": ["on", "off"], "outbound": {"onnet": "inherit", "offnet": "on"}}"#;
        assert!(serde_json::from_str::<Body>(&format!(r#"{{"matrix": {inner}}}"#)).is_err(), "Matrix's own fields too");
    }
}
