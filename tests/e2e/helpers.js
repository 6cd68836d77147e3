// Small helpers several specs share: the demo's secret values, and a file
// dropped on a drop zone the way a person drags one from the desktop.

/** Every secret value in the demo workspace's configs. */
export const DEMO_SECRETS = [
  "dev-sf-4c1d9a77e2",
  "qa-sf-0b8e3f5512",
  "live-sf-e94a20c7b3",
  "dev-erp-pass-91",
  "qa-erp-pass-37",
  "live-erp-pass-2f8c",
];

/** Drops a file named `name` holding `text` on the element with test id `zone`. */
export async function dropFile(page, zone, name, text, type = "text/plain") {
  await page.getByTestId(zone).evaluate((el, [n, t, ty]) => {
    const data = new DataTransfer();
    data.items.add(new File([t], n, { type: ty }));
    el.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
    el.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  }, [name, text, type]);
}
