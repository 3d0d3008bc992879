package io.descent.report;

/**
 * The style sheet inlined in the report page: readable type, quiet tables, and images at their own size (charts
 * are drawn for 800 x 600, where their text is legible) side by side when they fit, shrunk only on narrow
 * screens.
 */
final class ReportCss {
    static final String CSS = """
            :root { color-scheme: light; --text: #1f2328; --muted: #57606a; --line: #d0d7de; --band: #f6f8fa; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #fff; color: var(--text);
              font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            main { max-width: 1100px; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
            h1 { font-size: 1.9rem; line-height: 1.25; margin: 0 0 .75rem; }
            h2 { font-size: 1.35rem; margin: 0 0 .35rem; }
            .intro { max-width: 70ch; margin: 0 0 .75rem; }
            nav { border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); margin: 1rem 0 0;
              padding: .5rem 0; }
            nav ol { margin: 0; padding-left: 1.5rem; columns: 2 22rem; column-gap: 2rem; }
            nav a { color: #0a58ca; text-decoration: none; }
            nav a:hover { text-decoration: underline; }
            section { margin-top: 2.5rem; }
            .measured { color: var(--muted); margin: 0 0 1rem; max-width: 75ch; }
            .figures { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
            figure { margin: 0; max-width: 100%; border: 1px solid var(--line); border-radius: 6px; background: #fff;
              overflow: hidden; }
            figure img { display: block; max-width: 100%; height: auto; }
            .table { overflow-x: auto; margin-top: 1rem; }
            table { border-collapse: collapse; font-size: .95rem; min-width: 50%; }
            th, td { padding: .4rem .8rem; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
            th { background: var(--band); font-weight: 600; }
            tbody tr:nth-child(even) { background: #fbfcfd; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line); color: var(--muted);
              font-size: .9rem; }
            footer h2 { font-size: 1rem; color: var(--text); }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
            dt { font-weight: 600; }
            dd { margin: 0; overflow-wrap: anywhere; }
            code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
            """;

    private ReportCss() {
    }
}
