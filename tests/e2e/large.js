// Large generated configs for the store's spec and benchmark, shaped like
// the core's `demo::large` documents: sections of 40 settings (numbers and
// long URLs) and a keyed list.

/**
 * A config of about `leaves` leaves; `urlLen` sets how long the strings are.
 * `urlLen` "short" gives short URLs (`https://abc.io/xyz`): 50,000 leaves
 * then take about 1.5 MB, the size the targets name.
 */
export function largeConfig(leaves, seed, urlLen = 24) {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648), x);
  const word = (n) => Array.from({ length: n }, () => String.fromCharCode(97 + (rnd() % 26))).join("");
  const root = {};
  for (let s = 0, count = 0; count < leaves; s++, count += 42) {
    const section = {};
    const url = () => (urlLen === "short" ? `https://${word(3)}.io/${word(3)}` : `https://${word(12)}.example.test/${word(urlLen)}`);
    for (let k = 0; k < 40; k++) section[`setting_${String(k).padStart(2, "0")}`] = k % 8 === 0 ? rnd() % 100000 : url();
    section.items = [{ id: `item-${s}-0`, value: word(12) }];
    root[`section_${String(s).padStart(5, "0")}`] = section;
  }
  return root;
}

/** Every tenth string leaf changed (a different tenth per round): the config and the changed bytes. */
export function mutated(config, round = 0) {
  const out = structuredClone(config);
  let i = 0;
  let bytes = 0;
  for (const section of Object.values(out)) {
    for (const [k, v] of Object.entries(section)) {
      if (typeof v === "string" && i++ % 10 === round % 10) {
        section[k] = `${v}-r${round}`;
        bytes += JSON.stringify(section[k]).length;
      }
    }
  }
  return { config: out, bytes };
}
