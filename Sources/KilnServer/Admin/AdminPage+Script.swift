extension AdminPage {
    /// The page's behaviour: plain JavaScript, no build step. Text from the API is only ever set as
    /// text (`textContent`), never as HTML.
    static let script = #"""
        "use strict";
        const tokenKey = "kiln.adminToken";
        const $ = (id) => document.getElementById(id);
        const state = { filter: {}, after: null, next: null, open: null, poll: null, roomsNext: null, retried: null };

        function token() { return sessionStorage.getItem(tokenKey); }

        function say(text, isError) {
          const message = $("message");
          message.textContent = text || "";
          message.className = isError ? "error" : "";
        }

        async function api(path, options = {}) {
          const headers = Object.assign({ Authorization: "Bearer " + token() }, options.headers || {});
          const answer = await fetch(path, Object.assign({}, options, { headers }));
          const body = await answer.json().catch(() => ({}));
          if (!answer.ok) {
            if (answer.status === 401) signOut("The token was refused; sign in again.");
            throw new Error(body.message || ("the server answered " + answer.status));
          }
          return body;
        }

        function element(tag, text, attributes = {}) {
          const made = document.createElement(tag);
          if (text !== undefined && text !== null) made.textContent = String(text);
          for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
          return made;
        }

        function size(bytes) {
          const units = ["B", "KiB", "MiB", "GiB", "TiB"];
          let value = bytes, unit = 0;
          while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
          return (unit === 0 ? value : value.toFixed(1)) + " " + units[unit];
        }

        function age(timestamp) {
          const seconds = Math.max(0, (Date.now() - Date.parse(timestamp)) / 1000);
          if (seconds < 60) return Math.floor(seconds) + " s";
          if (seconds < 3600) return Math.floor(seconds / 60) + " min";
          if (seconds < 86400) return Math.floor(seconds / 3600) + " h";
          return Math.floor(seconds / 86400) + " d";
        }

        function fileButton(file) {
          const button = element("button", file.fileId, { type: "button", class: "link mono" });
          button.addEventListener("click", () => openFile(file.fileId));
          return button;
        }

        // Sign in and out ---------------------------------------------------------------

        async function signIn(event) {
          event.preventDefault();
          sessionStorage.setItem(tokenKey, $("token").value.trim());
          $("token").value = "";
          try {
            await api("/api/v3/files?limit=1");
          } catch (error) {
            signOut("Cannot sign in: " + error.message);
            return;
          }
          showSignedIn();
        }

        function signOut(why) {
          sessionStorage.removeItem(tokenKey);
          clearInterval(state.poll);
          $("signed-in").hidden = true;
          $("nav").hidden = true;
          $("sign-in").hidden = false;
          say(why || "Signed out.", Boolean(why));
          $("token").focus();
        }

        function showSignedIn() {
          $("sign-in").hidden = true;
          $("signed-in").hidden = false;
          $("nav").hidden = false;
          say("Signed in.");
          loadFiles(null);
          loadQueue();
          loadRooms(null);
          clearInterval(state.poll);
          state.poll = setInterval(loadQueue, 5000);
        }

        // Files -------------------------------------------------------------------------

        function listPath(query, after, limit) {
          const parameters = new URLSearchParams();
          for (const [name, value] of Object.entries(query)) if (value) parameters.set(name, value);
          parameters.set("limit", String(limit || 20));
          if (after) parameters.set("after", after);
          return "/api/v3/files?" + parameters;
        }

        async function loadFiles(after) {
          try {
            const page = (await api(listPath(state.filter, after))).data;
            state.after = after;
            state.next = page.paging.next;
            $("files-next").disabled = !state.next;
            const rows = $("file-rows");
            rows.replaceChildren();
            for (const file of page.files) {
              const row = element("tr", null, file.status === "transcodeFailed" ? { class: "failed" } : {});
              const idCell = document.createElement("td");
              idCell.append(fileButton(file));
              row.append(idCell, element("td", file.type), element("td", file.status, { class: "status-" + file.status }),
                element("td", file.attributes.name), element("td", size(file.attributes.size)), element("td", age(file.createdAt)),
                element("td", file.attributes.metadata.failureReason || ""));
              rows.append(row);
            }
            if (page.files.length === 0) {
              const row = document.createElement("tr");
              row.append(element("td", "No files.", { colspan: "7" }));
              rows.append(row);
            }
          } catch (error) {
            say("Cannot list files: " + error.message, true);
          }
        }

        // One file ----------------------------------------------------------------------

        function variantURL(file, query) {
          const base = file.signedUrl || file.fileUrl;
          return base + (base.includes("?") ? "&" : "?") + query;
        }

        async function openFile(id) {
          clearTimeout(state.detailsTimer);
          let file;
          try {
            file = await api("/api/v3/files/" + encodeURIComponent(id));
          } catch (error) {
            say("Cannot open " + id + ": " + error.message, true);
            return;
          }
          state.open = file.fileId;
          showFile(file);
          $("details").hidden = false;
          $("details").focus();
        }

        function showFile(file) {
          $("details-title").textContent = "File " + file.fileId;
          const facts = $("details-facts");
          facts.replaceChildren();
          const metadata = file.attributes.metadata || {};
          const rows = [["Type", file.type], ["Status", file.status], ["Name", file.attributes.name],
            ["Size", size(file.attributes.size)], ["MIME type", file.attributes.mimeType], ["Access", file.accessType],
            ["Alt text", file.altText || "—"], ["Created", file.createdAt], ["Updated", file.updatedAt]];
          for (const [key, value] of Object.entries(metadata)) {
            if (key !== "failureReason" && typeof value !== "object") rows.push([key, value]);
          }
          for (const [name, value] of rows) facts.append(element("dt", name), element("dd", value));
          $("details-failure").hidden = !metadata.failureReason;
          $("details-failure").textContent = metadata.failureReason ? "Failure: " + metadata.failureReason : "";
          const transcoded = file.type === "video" || file.type === "clip";
          $("details-retry").hidden = !(transcoded && file.status === "transcodeFailed");
          const running = file.status === "transcoding";
          $("details-progress").hidden = !running;
          if (running) $("details-progress").value = metadata.progress || 0;
          showMedia(file);
          $("details-json").textContent = JSON.stringify(file, null, 2);
          if (running) state.detailsTimer = setTimeout(() => refreshFile(file.fileId), 1000);
        }

        function showMedia(file) {
          const media = $("details-media");
          media.replaceChildren();
          const figure = (node, caption) => {
            const made = document.createElement("figure");
            made.append(node, element("figcaption", caption));
            media.append(made);
          };
          const described = file.altText || file.attributes.name;
          if (file.type === "image") {
            for (const name of ["small", "medium", "large"]) {
              figure(element("img", null, { src: variantURL(file, "size=" + name), alt: described + " (" + name + ")", loading: "lazy" }), name);
            }
          }
          if (file.type === "video" || file.type === "clip") {
            const poster = (file.attributes.metadata || {}).thumbnailUrl;
            if (poster) figure(element("img", null, { src: poster, alt: "Poster of " + described }), "poster");
            for (const [name, url] of Object.entries(file.videoUrl || {})) {
              const video = element("video", null, { src: url, controls: "", preload: "metadata", "aria-label": name + " rendition of " + described });
              if (poster) video.setAttribute("poster", poster);
              figure(video, name);
            }
          }
          if (file.type === "audio") figure(element("audio", null, { src: file.signedUrl || file.fileUrl, controls: "", preload: "metadata" }), "audio");
        }

        async function refreshFile(id) {
          if (state.open !== id || $("details").hidden) return;
          try {
            showFile(await api("/api/v3/files/" + encodeURIComponent(id)));
          } catch (error) {
            say("Cannot refresh " + id + ": " + error.message, true);
          }
        }

        async function retry(id) {
          await api("/api/v3/files/" + encodeURIComponent(id) + "/transcode", {
            method: "POST", headers: { "Content-Type": "application/json" }, body: "{}",
          });
        }

        async function retryOpenFile() {
          const id = state.open;
          try {
            await retry(id);
            say("Transcode of " + id + " queued again.");
            await refreshFile(id);
            loadQueue();
          } catch (error) {
            say("Cannot retry " + id + ": " + error.message, true);
          }
        }

        // Queue -------------------------------------------------------------------------

        async function allFiles(query) {
          const files = [];
          let after = null;
          do {
            const page = (await api(listPath(query, after, 100))).data;
            files.push(...page.files);
            after = page.paging.next;
          } while (after);
          return files;
        }

        function fillQueue(listId, files, describe) {
          const list = $(listId);
          list.replaceChildren();
          for (const file of files) {
            const item = document.createElement("li");
            item.append(fileButton(file), element("span", " " + describe(file)));
            list.append(item);
          }
          if (files.length === 0) list.append(element("li", "none", { class: "hint" }));
        }

        async function loadQueue() {
          if (!token()) return;
          try {
            const [running, uploaded, failed] = await Promise.all([
              allFiles({ status: "transcoding" }), allFiles({ status: "uploaded" }), allFiles({ status: "transcodeFailed" }),
            ]);
            const waiting = uploaded.filter((file) => file.type === "video" || file.type === "clip");
            fillQueue("queue-running", running, (file) => file.type + ", " + ((file.attributes.metadata || {}).progress || 0) + " %");
            fillQueue("queue-waiting", waiting, (file) => file.type + ", queued " + age(file.createdAt) + " ago");
            fillQueue("queue-failed", failed, (file) => (file.attributes.metadata || {}).failureReason || "failed");
            $("retry-all").disabled = failed.length === 0 || state.retried !== null;
            $("failed-summary").hidden = failed.length === 0;
            $("failed-count").textContent = failed.length + " failed transcode" + (failed.length === 1 ? "" : "s");
            if (state.retried) showRetryProgress(new Set([...running, ...waiting].map((file) => file.fileId)), new Set(failed.map((file) => file.fileId)));
          } catch (error) {
            say("Cannot read the queue: " + error.message, true);
          }
        }

        // Queues every failed transcode again, then follows them as the queue refreshes until each
        // has run to transcoded or failed again.
        async function retryAll() {
          const progress = $("retry-all-progress"), count = $("retry-all-count");
          state.retried = new Set();
          $("retry-all").disabled = true;
          try {
            const failed = await allFiles({ status: "transcodeFailed" });
            progress.max = Math.max(failed.length, 1);
            progress.value = 0;
            progress.hidden = false;
            let refused = 0;
            for (const file of failed) {
              try { await retry(file.fileId); state.retried.add(file.fileId); } catch (error) { refused += 1; }
              count.textContent = state.retried.size + " of " + failed.length + " queued again" + (refused ? ", " + refused + " refused" : "");
            }
            progress.max = Math.max(state.retried.size, 1);
          } catch (error) {
            say("Cannot retry: " + error.message, true);
          }
          loadQueue();
        }

        function showRetryProgress(unfinished, failedNow) {
          const retried = [...state.retried];
          const left = retried.filter((id) => unfinished.has(id)).length;
          const failedAgain = retried.filter((id) => failedNow.has(id)).length;
          const finished = retried.length - left;
          $("retry-all-progress").value = finished;
          $("retry-all-count").textContent = finished + " of " + retried.length + " finished: " +
            (finished - failedAgain) + " transcoded, " + failedAgain + " failed again";
          if (left === 0) state.retried = null;
        }

        // Rooms -------------------------------------------------------------------------

        async function loadRooms(after) {
          try {
            const page = (await api("/api/v1/rooms?limit=50" + (after ? "&after=" + encodeURIComponent(after) : ""))).data;
            const list = $("room-list");
            if (!after) list.replaceChildren();
            for (const room of page.rooms) {
              const item = document.createElement("li");
              const button = element("button", room.roomId, { type: "button", class: "link" });
              button.addEventListener("click", () => openRoom(room.roomId));
              item.append(button, element("span", " " + room.recordings + " recording" + (room.recordings === 1 ? "" : "s")));
              list.append(item);
            }
            if (!after && page.rooms.length === 0) list.append(element("li", "No rooms.", { class: "hint" }));
            state.roomsNext = page.paging.next;
            $("rooms-next").disabled = !state.roomsNext;
          } catch (error) {
            say("Cannot list rooms: " + error.message, true);
          }
        }

        async function openRoom(id) {
          try {
            const room = await api("/api/v1/rooms/" + encodeURIComponent(id) + "/recorded");
            $("room-title").textContent = "Room " + room.roomId + " (" + room.status + ")";
            const list = $("room-recordings");
            list.replaceChildren();
            for (const info of room.recordedPlaybackInfos) {
              const item = document.createElement("li");
              item.append(fileButton(info), element("span", " " + info.status +
                (info.durationSeconds ? ", " + info.durationSeconds.toFixed(1) + " s" : "") +
                (info.failureReason ? ", " + info.failureReason : "")));
              list.append(item);
            }
            $("room-detail").hidden = false;
          } catch (error) {
            say("Cannot open room " + id + ": " + error.message, true);
          }
        }

        // Upload ------------------------------------------------------------------------

        function upload(event) {
          event.preventDefault();
          const file = $("upload-file").files[0];
          if (!file) return;
          const form = new FormData();
          form.append("accessType", $("upload-access").value);
          if ($("upload-alt").value) form.append("altText", $("upload-alt").value);
          form.append("file", file, file.name);
          const request = new XMLHttpRequest();
          const progress = $("upload-progress"), result = $("upload-result");
          progress.hidden = false;
          progress.value = 0;
          result.textContent = "Uploading…";
          request.upload.addEventListener("progress", (step) => {
            if (step.lengthComputable) progress.value = Math.round((step.loaded / step.total) * 100);
          });
          request.addEventListener("load", () => {
            let body = {};
            try { body = JSON.parse(request.responseText); } catch (error) { body = {}; }
            if (request.status === 200) {
              const stored = Array.isArray(body) ? body[0] : (body.data || [])[0];
              progress.value = 100;
              result.replaceChildren(element("span", "Stored as "), fileButton(stored));
              loadFiles(null);
              loadQueue();
            } else {
              result.textContent = "Refused: " + (body.message || request.status);
            }
          });
          request.addEventListener("error", () => { result.textContent = "The upload broke off."; });
          request.open("POST", $("upload-endpoint").value);
          request.setRequestHeader("Authorization", "Bearer " + token());
          request.send(form);
        }

        // Wiring ------------------------------------------------------------------------

        document.addEventListener("DOMContentLoaded", () => {
          $("sign-in-form").addEventListener("submit", signIn);
          $("sign-out").addEventListener("click", () => signOut());
          $("file-filter").addEventListener("submit", (event) => {
            event.preventDefault();
            state.filter = { status: $("filter-status").value, type: $("filter-type").value };
            loadFiles(null);
          });
          $("show-failed").addEventListener("click", () => {
            $("filter-status").value = "transcodeFailed";
            $("filter-type").value = "";
            state.filter = { status: "transcodeFailed" };
            loadFiles(null);
          });
          $("file-search").addEventListener("submit", (event) => {
            event.preventDefault();
            openFile($("search-id").value.trim());
          });
          $("files-first").addEventListener("click", () => loadFiles(null));
          $("files-next").addEventListener("click", () => loadFiles(state.next));
          $("details-retry").addEventListener("click", retryOpenFile);
          $("details-refresh").addEventListener("click", () => refreshFile(state.open));
          $("details-close").addEventListener("click", () => { $("details").hidden = true; state.open = null; });
          $("retry-all").addEventListener("click", retryAll);
          $("rooms-next").addEventListener("click", () => loadRooms(state.roomsNext));
          $("upload-form").addEventListener("submit", upload);
          if (token()) showSignedIn(); else $("token").focus();
        });
        """#
}
