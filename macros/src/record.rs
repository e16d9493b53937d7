//! `#[derive(Record)]`: a struct whose named fields are columns (see the `Record` trait in
//! tickgraph-adapters). Errors are spanned on the offending tokens.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Error, Fields, LitStr, Path};

/// The derive's expansion, or the error to show.
pub fn derive(input: DeriveInput) -> syn::Result<TokenStream> {
    let mut krate: Path = syn::parse_quote!(::tickgraph::adapters);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("record")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let s: LitStr = meta.value()?.parse()?;
                krate = s.parse()?;
                Ok(())
            } else {
                Err(meta.error(
                    "unknown `#[record]` option on a struct; the option is `crate = \"path\"`",
                ))
            }
        })?;
    }
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(
            &input.generics,
            "`#[derive(Record)]` does not support generic structs",
        ));
    }
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(f) => &f.named,
            other => {
                return Err(Error::new_spanned(
                    other,
                    "`#[derive(Record)]` needs named fields: each field is a column",
                ));
            }
        },
        Data::Enum(e) => {
            return Err(Error::new(
                e.enum_token.span(),
                "`#[derive(Record)]` is for structs: each field is a column",
            ));
        }
        Data::Union(u) => {
            return Err(Error::new(
                u.union_token.span(),
                "`#[derive(Record)]` is for structs: each field is a column",
            ));
        }
    };
    let mut names = Vec::new();
    let mut columns = Vec::new();
    let mut types = Vec::new();
    for f in fields {
        let ident = f.ident.clone().expect("named fields have names");
        let mut column = ident.to_string().trim_start_matches("r#").to_string();
        for attr in f.attrs.iter().filter(|a| a.path().is_ident("record")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let s: LitStr = meta.value()?.parse()?;
                    column = s.value();
                    Ok(())
                } else {
                    Err(meta.error("unknown `#[record]` option on a field; the option is `rename = \"column\"`"))
                }
            })?;
        }
        if columns.contains(&column) {
            return Err(Error::new_spanned(
                f,
                format!("two fields read column \"{column}\""),
            ));
        }
        names.push(ident);
        columns.push(column);
        types.push(f.ty.clone());
    }
    let name = &input.ident;
    let c = quote!(#krate::columnar);
    let index2 = (0..names.len()).map(syn::Index::from);
    let column_types = types
        .iter()
        .map(|ty| quote_spanned!(ty.span()=> <#ty as #c::ColumnValue>::Column));
    let binds = types
        .iter()
        .zip(&columns)
        .map(|(ty, col)| quote_spanned!(ty.span()=> #c::bind_column::<#ty>(batch, #col, options)?));
    let reads = names.iter().zip(&types).zip(&columns).zip(index2).map(|(((n, ty), col), i)| {
        quote_spanned!(ty.span()=> #n: #c::required::<#ty>(&decoder.#i, row, #col)?)
    });
    let n = names.len();
    let index = (0..n).map(syn::Index::from).collect::<Vec<_>>();
    let builder_types = types
        .iter()
        .map(|ty| quote_spanned!(ty.span()=> <#ty as #c::ColumnValue>::Builder));
    Ok(quote! {
        impl #c::Record for #name {
            type Builders = ( #(#builder_types,)* );
            fn data_types() -> ::std::vec::Vec<#c::DataType> {
                ::std::vec![ #(<#types as #c::ColumnValue>::data_type()),* ]
            }
            fn builders(rows: usize) -> Self::Builders {
                ( #(<#types as #c::ColumnValue>::builder(rows),)* )
            }
            fn append(builders: &mut Self::Builders, record: ::core::option::Option<&Self>) {
                #( <#types as #c::ColumnValue>::append(&mut builders.#index, record.map(|r| &r.#names)); )*
            }
            fn finish(builders: &mut Self::Builders) -> ::std::vec::Vec<#c::ArrayRef> {
                ::std::vec![ #(<#types as #c::ColumnValue>::finish(&mut builders.#index)),* ]
            }
            type Decoder = ( #(#column_types,)* );
            fn columns() -> ::std::vec::Vec<&'static str> {
                ::std::vec![ #(#columns),* ]
            }
            fn bind(
                batch: &#c::RecordBatch,
                options: &#c::BindOptions,
            ) -> ::core::result::Result<Self::Decoder, #c::ColumnError> {
                ::core::result::Result::Ok(( #(#binds,)* ))
            }
            #[inline]
            fn decode(
                decoder: &Self::Decoder,
                row: usize,
            ) -> ::core::result::Result<Self, #c::ColumnError> {
                ::core::result::Result::Ok(#name { #(#reads,)* })
            }
        }

        /// A record is also one column, an Arrow struct of its fields: records nest.
        impl #c::ColumnValue for #name {
            type Column = #c::NestedColumn<Self>;
            const NAME: &'static str = ::core::stringify!(#name);
            fn accepts(dt: &#c::DataType) -> bool {
                ::core::matches!(dt, #c::DataType::Struct(_))
            }
            fn bind(
                array: &#c::ArrayRef,
            ) -> ::core::result::Result<Self::Column, #c::ColumnErrorKind> {
                #c::NestedColumn::bind(array, &[ #(<#types as #c::ColumnValue>::NULLABLE),* ])
            }
            #[inline]
            fn get(column: &Self::Column, row: usize) -> ::core::option::Option<Self> {
                column.get(row)
            }
            type Builder = #c::NestedBuilder<Self>;
            fn data_type() -> #c::DataType {
                #c::NestedBuilder::<Self>::data_type()
            }
            fn builder(rows: usize) -> Self::Builder {
                #c::NestedBuilder::new(rows)
            }
            fn append(builder: &mut Self::Builder, value: ::core::option::Option<&Self>) {
                builder.append(value);
            }
            fn finish(builder: &mut Self::Builder) -> #c::ArrayRef {
                builder.finish()
            }
        }
    })
}
