//! Lets the core's parameter tables check JS values directly.

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::js::Blob;
use crate::schema::{Kind, Value};

/// A borrowed-or-owned JS value seen through [`Value`].
#[derive(Debug, Clone)]
pub(crate) struct Js(pub(crate) JsValue);

impl Value for Js {
    fn kind(&self) -> Kind {
        let v = &self.0;
        if v.is_undefined() {
            Kind::Absent
        } else if v.is_null() {
            Kind::Null
        } else if v.as_bool().is_some() {
            Kind::Bool
        } else if let Some(n) = v.as_f64() {
            if n.is_finite() {
                Kind::Number
            } else {
                Kind::Unsupported
            }
        } else if v.is_string() {
            Kind::Str
        } else if v.is_function() {
            Kind::Function
        } else if Array::is_array(v) {
            Kind::Array
        } else if v.is_object() {
            if is_blob(v) {
                Kind::Blob
            } else {
                Kind::Object
            }
        } else {
            Kind::Unsupported
        }
    }

    fn member(&self, key: &str) -> Option<Js> {
        Reflect::get(&self.0, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined())
            .map(Js)
    }

    fn array_len(&self) -> usize {
        self.0.dyn_ref::<Array>().map_or(0, |a| a.length() as usize)
    }

    fn item(&self, i: usize) -> Option<Js> {
        let a = self.0.dyn_ref::<Array>()?;
        Some(Js(a.get(u32::try_from(i).ok()?)))
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn str_eq(&self, s: &str) -> bool {
        self.0.as_string().is_some_and(|x| x == s)
    }

    fn str_len(&self) -> usize {
        self.0
            .dyn_ref::<js_sys::JsString>()
            .map_or(0, |s| s.length() as usize)
    }
}

fn is_blob(v: &JsValue) -> bool {
    let ctor = Reflect::get(&js_sys::global(), &JsValue::from_str("Blob")).unwrap_or_default();
    ctor.is_function() && v.is_instance_of::<Blob>()
}
