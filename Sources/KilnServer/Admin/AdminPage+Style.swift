extension AdminPage {
    /// Dark text on white and a blue with at least 4.5:1 contrast on both; focus always visible;
    /// one column below 700 px (a phone is 375 px wide), tables scroll sideways there.
    static let style = #"""
        :root { --ink: #1a1a1a; --muted: #4d4d4d; --accent: #0b57a4; --line: #c8c8c8; --bad: #a4161a; --good: #1b6e20; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: #fff; }
        .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; padding: 0.5rem 1rem; border-bottom: 1px solid var(--line); }
        .bar h1 { font-size: 1.25rem; margin: 0; }
        nav a { color: var(--accent); margin-right: 0.75rem; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        section { margin-bottom: 2rem; }
        h2 { font-size: 1.2rem; border-bottom: 1px solid var(--line); padding-bottom: 0.25rem; }
        h3 { font-size: 1rem; margin: 0.5rem 0; }
        label { display: inline-flex; flex-direction: column; gap: 0.25rem; font-weight: 600; }
        #sign-in-form label, #upload-form label { display: block; margin-top: 0.75rem; }
        input, select, button { font: inherit; min-height: 2.75rem; }
        input, select { border: 1px solid var(--muted); border-radius: 4px; padding: 0.25rem 0.5rem; max-width: 100%; }
        #token, #search-id { width: 24rem; }
        button { background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: 0.25rem 1rem; cursor: pointer; }
        button:disabled { background: #767676; cursor: not-allowed; }
        button.quiet { background: #fff; color: var(--accent); border: 1px solid var(--accent); }
        button.link { background: none; color: var(--accent); padding: 0; min-height: 0; text-decoration: underline; text-align: left; }
        :focus-visible { outline: 3px solid #e07b00; outline-offset: 2px; }
        .row { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.75rem; margin: 0.75rem 0; }
        .hint { color: var(--muted); font-size: 0.9rem; }
        .mono { font-family: ui-monospace, monospace; font-size: 0.9rem; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        .status-transcodeFailed { color: var(--bad); font-weight: 600; }
        .status-transcoded { color: var(--good); }
        tr.failed { background: #fdf0f0; }
        tr.failed td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
        .failure-banner { color: var(--bad); font-weight: 600; border: 2px solid var(--bad); border-radius: 4px; padding: 0.5rem 0.75rem; align-items: center; }
        .failure, .error { color: var(--bad); font-weight: 600; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
        .facts dt { font-weight: 600; }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        .media { display: flex; flex-wrap: wrap; gap: 1rem; }
        .media figure { margin: 0; max-width: 100%; }
        .media img, .media video { max-width: min(24rem, 100%); height: auto; display: block; border: 1px solid var(--line); }
        .columns { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; }
        ul.plain { list-style: none; padding: 0; margin: 0; }
        ul.plain li { padding: 0.25rem 0; overflow-wrap: anywhere; }
        progress { width: 16rem; max-width: 100%; height: 1.25rem; }
        pre { overflow-x: auto; background: #f4f4f4; padding: 0.75rem; }
        .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        @media (max-width: 700px) {
          .columns { grid-template-columns: 1fr; }
          #token, #search-id { width: 100%; }
          .row > * { flex: 1 1 100%; }
          th, td { padding: 0.3rem; }
        }
        """#
}
