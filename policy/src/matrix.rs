//! The direction x network matrices of force record and of the user and device overrides.
//! Inbound and outbound are relative to the company; onnet is a device of the company,
//! offnet anything else.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Inbound,
    Outbound,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    Onnet,
    Offnet,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Inbound, Direction::Outbound];

    pub fn key(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::Inbound => "Inbound",
            Direction::Outbound => "Outbound",
        }
    }
}

impl Network {
    pub const ALL: [Network; 2] = [Network::Onnet, Network::Offnet];

    pub fn key(self) -> &'static str {
        match self {
            Network::Onnet => "onnet",
            Network::Offnet => "offnet",
        }
    }

    /// The pages say internal and external; the API says onnet and offnet.
    pub fn label(self) -> &'static str {
        match self {
            Network::Onnet => "internal",
            Network::Offnet => "external",
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerNetwork<T> {
    pub onnet: T,
    pub offnet: T,
}

/// `{"inbound": {"onnet": X, "offnet": X}, "outbound": {"onnet": X, "offnet": X}}`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Matrix<T> {
    #[serde(deserialize_with = "crate::object::object")]
    pub inbound: PerNetwork<T>,
    #[serde(deserialize_with = "crate::object::object")]
    pub outbound: PerNetwork<T>,
}

/// The four cells in the order the pages and the traces list them.
pub const CELLS: [(Direction, Network); 4] = [
    (Direction::Inbound, Network::Onnet),
    (Direction::Inbound, Network::Offnet),
    (Direction::Outbound, Network::Onnet),
    (Direction::Outbound, Network::Offnet),
];

/// A cell as forms and bulk changes name it: `inbound_onnet`.
pub fn cell_key(direction: Direction, network: Network) -> String {
    format!("{}_{}", direction.key(), network.key())
}

/// The cell a key names.
pub fn cell_from_key(key: &str) -> Option<(Direction, Network)> {
    CELLS.into_iter().find(|(d, n)| cell_key(*d, *n) == key)
}

impl<T: Copy> Matrix<T> {
    pub fn uniform(value: T) -> Matrix<T> {
        let row = PerNetwork { onnet: value, offnet: value };
        Matrix { inbound: row, outbound: row }
    }

    pub fn get(&self, direction: Direction, network: Network) -> T {
        let row = match direction {
            Direction::Inbound => &self.inbound,
            Direction::Outbound => &self.outbound,
        };
        match network {
            Network::Onnet => row.onnet,
            Network::Offnet => row.offnet,
        }
    }

    pub fn set(&mut self, direction: Direction, network: Network, value: T) {
        let row = match direction {
            Direction::Inbound => &mut self.inbound,
            Direction::Outbound => &mut self.outbound,
        };
        match network {
            Network::Onnet => row.onnet = value,
            Network::Offnet => row.offnet = value,
        }
    }

    pub fn with(mut self, direction: Direction, network: Network, value: T) -> Matrix<T> {
        self.set(direction, network, value);
        self
    }

    pub fn cells(&self) -> impl Iterator<Item = (Direction, Network, T)> + '_ {
        CELLS.into_iter().map(|(d, n)| (d, n, self.get(d, n)))
    }
}

/// A user's or device's cell: Inherit shows as "Account default" on the pages.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Override {
    #[default]
    Inherit,
    On,
    Off,
}

impl Override {
    pub const ALL: [Override; 3] = [Override::Inherit, Override::On, Override::Off];

    pub fn as_str(self) -> &'static str {
        match self {
            Override::Inherit => "inherit",
            Override::On => "on",
            Override::Off => "off",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Override::Inherit => "Account default",
            Override::On => "On",
            Override::Off => "Off",
        }
    }

    pub fn parse(text: &str) -> Option<Override> {
        Override::ALL.into_iter().find(|o| o.as_str() == text)
    }

    /// `Some(on)` when the cell decides, `None` when it defers to the level above.
    pub fn explicit(self) -> Option<bool> {
        match self {
            Override::Inherit => None,
            Override::On => Some(true),
            Override::Off => Some(false),
        }
    }
}

impl Matrix<Override> {
    /// Four letters (i/n/f) in cell order: a compact form for storage.
    pub fn to_code(&self) -> String {
        self.cells()
            .map(|(_, _, o)| match o {
                Override::Inherit => 'i',
                Override::On => 'n',
                Override::Off => 'f',
            })
            .collect()
    }

    pub fn from_code(code: &str) -> Option<Matrix<Override>> {
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 4 {
            return None;
        }
        let mut m = Matrix::default();
        for ((d, n), c) in CELLS.into_iter().zip(chars) {
            let o = match c {
                'i' => Override::Inherit,
                'n' => Override::On,
                'f' => Override::Off,
                _ => return None,
            };
            m.set(d, n, o);
        }
        Some(m)
    }
}

impl Matrix<bool> {
    /// Four bits in cell order, for storage.
    pub fn to_bits(&self) -> i64 {
        self.cells().enumerate().fold(0, |acc, (i, (_, _, on))| acc | (i64::from(on) << i))
    }

    pub fn from_bits(bits: i64) -> Matrix<bool> {
        let mut m = Matrix::default();
        for (i, (d, n)) in CELLS.into_iter().enumerate() {
            m.set(d, n, bits & (1 << i) != 0);
        }
        m
    }
}
