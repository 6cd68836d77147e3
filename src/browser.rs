//! Small browser helpers the pages share: downloads and media queries.

use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `filename`.
pub fn download_text(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!("could not prepare the download ({what})");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("url"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("document"))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("link"))?
        .dyn_into()
        .map_err(|_| fail("link"))?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // Revoking at once can cancel the download in some browsers.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

/// Whether the system asks for a dark theme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// Sets `data-theme` on `<html>`; CSS does the rest.
pub fn apply_theme(theme: Option<&str>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Some(t) => root.set_attribute("data-theme", t),
        None => root.remove_attribute("data-theme"),
    };
}

/// The current time, from the browser's clock (the core never reads one).
pub fn now() -> preflight_core::jiff::Timestamp {
    let ms = js_sys::Date::now() as i64;
    preflight_core::jiff::Timestamp::from_millisecond(ms)
        .unwrap_or(preflight_core::jiff::Timestamp::UNIX_EPOCH)
}

/// Today's date in the browser's time zone.
pub fn today() -> preflight_core::jiff::civil::Date {
    let d = js_sys::Date::new_0();
    preflight_core::jiff::civil::Date::new(
        d.get_full_year() as i16,
        (d.get_month() + 1) as i8,
        d.get_date() as i8,
    )
    .unwrap_or_default()
}

/// A time as the user's locale writes it, e.g. "22/11/2026, 14:05:09".
pub fn format_time(t: preflight_core::jiff::Timestamp) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.as_millisecond() as f64));
    date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_else(|| t.to_string())
}

/// Reads a dropped or picked file as text.
pub async fn read_file(file: web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| format!("could not read {}", file.name()))?;
    text.as_string()
        .ok_or_else(|| format!("{} is not a text file", file.name()))
}

/// The start of `date` in the browser's time zone.
pub fn local_midnight(date: preflight_core::jiff::civil::Date) -> preflight_core::jiff::Timestamp {
    let d = js_sys::Date::new_with_year_month_day(
        u32::try_from(date.year()).unwrap_or(1970),
        i32::from(date.month()) - 1,
        i32::from(date.day()),
    );
    preflight_core::jiff::Timestamp::from_millisecond(d.get_time() as i64)
        .unwrap_or(preflight_core::jiff::Timestamp::UNIX_EPOCH)
}

/// The `?key=value` query parameter of the current address.
pub fn query_param(key: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(key)
}

/// `N` random bytes from the browser's CSPRNG (`crypto.getRandomValues`),
/// or `None` where there is none.
pub fn random_bytes<const N: usize>() -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    web_sys::window()?
        .crypto()
        .ok()?
        .get_random_values_with_u8_array(&mut bytes)
        .ok()?;
    Some(bytes)
}

/// Records a performance mark (read by the browser benchmark).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// The app's base URL (origin plus public path, ending in `/`), from
/// `<base href>`, which Trunk sets to the public URL.
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_else(|| "/".to_owned())
}

/// The fragment of the current address, without `#`.
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

/// Opens the browser's print dialog ("Print → Save as PDF"); the print CSS
/// turns the page into its document.
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Scrolls the element with id `id` into view (nearest edge), if present.
pub fn scroll_into_view(id: &str) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Copies text to the clipboard; false when the browser refuses.
pub async fn copy_text(text: &str) -> bool {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// The file chosen in a file input's `change` event. The input is cleared,
/// so that choosing the same file again still fires a change.
pub fn picked_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// The first file of a `drop` event (after stopping the browser opening it).
pub fn dropped_file(ev: &web_sys::DragEvent) -> Option<web_sys::File> {
    ev.prevent_default();
    ev.data_transfer()
        .and_then(|d| d.files())
        .and_then(|f| f.get(0))
}
