//! The extract stage: turns a cleaned document body into claims (one per sentence) and,
//! in later layers, the quantities, times, attributions and entities they carry.
//!
//! It reads only the model; it knows nothing of files, formats or other documents.

pub mod segment;

use model::{Claim, Document, Span, ids};

/// Choices for extraction. Empty for now; later layers (quantities, times,
/// attribution) add their thresholds here.
#[derive(Debug, Clone, Default)]
pub struct Config {}

/// Makes one claim per sentence of `doc.body`, in order, with its span. The fields later
/// layers fill (attribution, quantities, times, entities) are present and empty.
pub fn claims(doc: &Document, _config: &Config) -> Vec<Claim> {
    segment::sentences(&doc.body)
        .into_iter()
        .enumerate()
        .map(|(ordinal, range)| Claim {
            id: ids::claim(&doc.id, ordinal),
            doc: doc.id.clone(),
            span: Span::new(range.start, range.end),
            text: doc.body[range].to_string(),
            attribution: None,
            quantities: Vec::new(),
            times: Vec::new(),
            entities: Vec::new(),
        })
        .collect()
}
