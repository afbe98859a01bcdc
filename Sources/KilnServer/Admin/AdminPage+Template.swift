extension AdminPage {
    /// The page, a mustache template; every element the script fills has an id.
    static let template = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Kiln admin</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/admin/admin.css">
        <script src="/admin/admin.js" defer></script>
        </head>
        <body>
        <header class="bar">
          <h1>Kiln admin</h1>
          <nav aria-label="Sections" id="nav" hidden>
            <a href="#files">Files</a> <a href="#queue">Queue</a> <a href="#rooms">Rooms</a> <a href="#upload">Upload</a>
            <button type="button" id="sign-out" class="quiet">Sign out</button>
          </nav>
        </header>
        <main>
        <p id="message" role="status" aria-live="polite"></p>

        <section id="sign-in" aria-labelledby="sign-in-title">
          <h2 id="sign-in-title">Sign in</h2>
          <form id="sign-in-form">
            <label for="token">Admin token</label>
            <input id="token" name="token" type="password" autocomplete="off" required>
            <p class="hint">Made with <code>kiln token --role admin</code>. Kept in this tab only, never in a URL.</p>
            <button type="submit">Sign in</button>
          </form>
        </section>

        <div id="signed-in" hidden>
        <section id="files" aria-labelledby="files-title">
          <h2 id="files-title">Files</h2>
          <p id="failed-summary" class="failure-banner row" hidden>
            <span id="failed-count"></span>
            <button type="button" id="show-failed" class="quiet">Show only failures</button>
          </p>
          <form id="file-filter" class="row">
            <label>Status
              <select id="filter-status" name="status">
                <option value="">any</option>
                {{#statuses}}<option value="{{value}}">{{label}}</option>{{/statuses}}
              </select>
            </label>
            <label>Type
              <select id="filter-type" name="type">
                <option value="">any</option>
                {{#types}}<option value="{{value}}">{{label}}</option>{{/types}}
              </select>
            </label>
            <button type="submit">Show</button>
          </form>
          <form id="file-search" class="row">
            <label for="search-id">File id</label>
            <input id="search-id" name="fileId" inputmode="latin" autocomplete="off" pattern="[0-9a-f]{32}" title="32 hexadecimal digits">
            <button type="submit">Open</button>
          </form>
          <div class="scroll" tabindex="0" aria-label="Files, scrolls sideways on narrow screens">
            <table>
              <caption class="sr-only">Files, newest first</caption>
              <thead><tr><th scope="col">File id</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Name</th><th scope="col">Size</th><th scope="col">Age</th><th scope="col">Failure</th></tr></thead>
              <tbody id="file-rows"></tbody>
            </table>
          </div>
          <div class="row">
            <button type="button" id="files-first">First page</button>
            <button type="button" id="files-next" disabled>Next page</button>
          </div>
        </section>

        <section id="details" aria-labelledby="details-title" hidden tabindex="-1">
          <h2 id="details-title">File</h2>
          <dl id="details-facts" class="facts"></dl>
          <p id="details-failure" class="failure" hidden></p>
          <div class="row">
            <button type="button" id="details-retry" hidden>Retry transcode</button>
            <button type="button" id="details-refresh">Refresh</button>
            <button type="button" id="details-close" class="quiet">Close</button>
          </div>
          <progress id="details-progress" max="100" hidden aria-label="Transcode progress"></progress>
          <div id="details-media" class="media"></div>
          <details><summary>File object (JSON)</summary><pre id="details-json"></pre></details>
        </section>

        <section id="queue" aria-labelledby="queue-title">
          <h2 id="queue-title">Transcode queue</h2>
          <p class="hint">Refreshes every 5 seconds.</p>
          <div class="columns">
            <div><h3>Running</h3><ul id="queue-running" class="plain"></ul></div>
            <div><h3>Waiting</h3><ul id="queue-waiting" class="plain"></ul></div>
            <div><h3>Failed</h3><ul id="queue-failed" class="plain"></ul></div>
          </div>
          <div class="row">
            <button type="button" id="retry-all">Retry every failed transcode</button>
            <progress id="retry-all-progress" max="1" value="0" hidden aria-label="Retrying failed transcodes"></progress>
            <span id="retry-all-count" aria-live="polite"></span>
          </div>
        </section>

        <section id="rooms" aria-labelledby="rooms-title">
          <h2 id="rooms-title">Rooms</h2>
          <ul id="room-list" class="plain"></ul>
          <button type="button" id="rooms-next" disabled>More rooms</button>
          <div id="room-detail" hidden>
            <h3 id="room-title">Room</h3>
            <ul id="room-recordings" class="plain"></ul>
          </div>
        </section>

        <section id="upload" aria-labelledby="upload-title">
          <h2 id="upload-title">Upload</h2>
          <form id="upload-form">
            <label for="upload-file">File</label>
            <input id="upload-file" name="file" type="file" required>
            <label for="upload-endpoint">As</label>
            <select id="upload-endpoint" name="endpoint">
              {{#endpoints}}<option value="{{value}}">{{label}}</option>{{/endpoints}}
            </select>
            <label for="upload-access">Access</label>
            <select id="upload-access" name="accessType">
              {{#accessTypes}}<option value="{{value}}">{{label}}</option>{{/accessTypes}}
            </select>
            <label for="upload-alt">Alt text</label>
            <input id="upload-alt" name="altText" maxlength="180">
            <button type="submit">Upload</button>
            <progress id="upload-progress" max="100" value="0" hidden aria-label="Upload progress"></progress>
            <output id="upload-result" for="upload-file" aria-live="polite"></output>
          </form>
        </section>
        </div>
        </main>
        </body>
        </html>
        """#
}
