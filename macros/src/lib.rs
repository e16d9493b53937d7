extern crate proc_macro; use proc_macro::TokenStream;
/// Placeholder.
#[proc_macro_attribute]
pub fn node(_a: TokenStream, item: TokenStream) -> TokenStream { item }
