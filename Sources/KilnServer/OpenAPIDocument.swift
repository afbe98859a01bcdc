/// Kiln's contract: a hand-written OpenAPI 3.1 document, served at `GET /openapi.json`. Written by
/// hand rather than generated, so the routes stay plain Hummingbird handlers; kept true by
/// `OpenAPIContractTests` (real answers of every operation validated against it) and by
/// `scripts/check-api` (openapi-spec-validator, then schemathesis against a live node).
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Kiln",
        "version": "1",
        "summary": "A media file service: uploads, sniffing, images, video transcoding, downloads, room recordings.",
        "description": "Kiln stores images, videos, clips, audio and plain files, each `public` or `network`, works out what the bytes really are, and serves them back by `fileId`. Its HTTP surface follows the file API of a large social SDK (v3 and v4 file endpoints, the `{\"status\":\"success\",\"data\":...}` envelope of v3), plus operator endpoints and live-room recordings.\n\n**Authentication.** `Authorization: Bearer <JWT>`: HS256 only, signed with `KILN_JWT_SECRET`, with claims `sub` (the user id, non-empty), `role` (`user`, `admin` or `service`), `exp`, and optionally `nbf` and `rooms` (an array of room ids whose recordings a `user` token may read and add its own videos to); `kiln token` mints them (`--room`). Any other algorithm, another key, an expired or not-yet-valid token is 401; a valid token of the wrong role is 403. A request may carry no token: public reads need none. A token that is present but invalid is only looked at by operations that need a caller (it is then 401, even where a signed URL would have done). `network` downloads and room links also take a signed URL (`exp` and `sig` query parameters, see `signedUrl`).\n\n**Errors.** Every error is `application/json` `{\"status\":\"error\",\"code\":<status>,\"message\":\"...\"}` (schema `Error`). A path no route takes, or a method a path does not take, is 404 `not found` (Kiln never answers 405); a worker node (`KILN_ROLE=worker`) routes only `/healthz` and `/metrics` and answers every other path 404 `a worker node serves only /healthz and /metrics`. Request headers over 64 KiB are 431 and malformed HTTP is 400, answered by the HTTP decoder with the same JSON shape and the connection closed. When a store is down or slow the answer is 503 with `Retry-After: 5`. Refusals that leave a request body unread say `Connection: close` and close the connection.\n\n**Request ids.** Every response the router answers carries `X-Request-Id`: the client's own when sane, else a new one.\n\n**Methods.** Only the methods listed here are routed; `HEAD` is routed for the download only."
      },
      "servers": [
        {
          "url": "/"
        }
      ],
      "tags": [
        {
          "name": "files",
          "description": "Generic uploads and the file object."
        },
        {
          "name": "images",
          "description": "Image uploads (libvips)."
        },
        {
          "name": "videos",
          "description": "Video and clip uploads (libav) and their transcoding."
        },
        {
          "name": "downloads",
          "description": "Bytes, with validators, ranges and signed links."
        },
        {
          "name": "operators",
          "description": "Admin-only listing and transcode retries."
        },
        {
          "name": "rooms",
          "description": "Live-room recordings and their playback."
        },
        {
          "name": "service",
          "description": "Health, metrics and this document."
        },
        {
          "name": "admin",
          "description": "The operators' page."
        },
        {
          "name": "uploads",
          "description": "Resumable uploads (tus 1.0), for phones on bad networks."
        },
        {
          "name": "stream",
          "description": "Stream's file API, for Stream's own server SDKs (only with KILN_STREAM_API_KEY and KILN_STREAM_API_SECRET)."
        }
      ],
      "paths": {
        "/api/v4/files": {
          "post": {
            "operationId": "uploadFile",
            "tags": [
              "files"
            ],
            "summary": "Upload any file",
            "description": "Stores any bytes as a `file`; audio that libav can decode (and that has no video stream) becomes an `audio` file, which is transcoded to an AAC `original` rendition. An image stays a `file` and keeps its bytes, with `width` and `height` when libvips can read its header. Answers a JSON array holding the file object. Limit: `KILN_MAX_FILE_BYTES` (1 GiB).\n\nAny valid bearer token may upload (role `user`, `admin` or `service`); the caller becomes the uploader. The body is streamed to storage as it arrives; `Expect: 100-continue` is answered at once. The MIME type and extension come from the bytes, never from the name or the part's Content-Type. A refused upload leaves no row, no bytes and no temporary file.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "multipart/form-data": {
                  "schema": {
                    "$ref": "#/components/schemas/FileUploadForm"
                  },
                  "encoding": {
                    "file": {
                      "contentType": "application/octet-stream"
                    },
                    "files": {
                      "contentType": "application/octet-stream"
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Stored. The file object of what was stored.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/UploadedFiles"
                    },
                    "examples": {
                      "FileUploadAnswer": {
                        "$ref": "#/components/examples/FileUploadAnswer"
                      }
                    }
                  }
                },
                "links": {
                  "GetFile": {
                    "operationId": "getFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Read the stored file's object (poll it to follow a transcode)."
                  },
                  "UpdateFile": {
                    "operationId": "updateFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Change it."
                  },
                  "DeleteFile": {
                    "operationId": "deleteFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Delete it."
                  },
                  "DownloadFile": {
                    "operationId": "downloadFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Download it."
                  },
                  "HeadFileDownload": {
                    "operationId": "headFileDownload",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Its download's headers."
                  },
                  "RetryTranscode": {
                    "operationId": "retryTranscode",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Run its transcode again (operators)."
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "The body cannot be taken: no or wrong Content-Type (`multipart/form-data` with a `boundary` is required), a malformed or cut-short multipart body, no `file` part, a second file part, an empty file, a field over 16 KiB or not UTF-8, or a field that breaks its rule (`accessType`, `altText`, `preferredFilename`, `feedType`, `fullImage`). Refusals found while the body is still arriving close the connection."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token. Answered before the body is read, with `Connection: close`."
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge",
                "description": "The file is over this endpoint's limit (from `Content-Length`, which may exceed it by 1 MiB of form overhead, or as soon as the streamed file crosses it), or the form beside the file (preamble, part headers, fields, unread parts, epilogue) exceeds 1 MiB, or it has more than 32 parts. Nothing is kept; the connection is closed."
              },
              "429": {
                "$ref": "#/components/responses/TooManyRequests",
                "description": "A user token past a fair-use limit: `KILN_USER_UPLOADS_IN_FLIGHT` uploads already in progress on this node (`Retry-After: 1`), or `KILN_USER_BYTES_PER_HOUR` bytes sent within the hour (`Retry-After`: seconds until enough of them expire). Refused before the body is read when `Content-Length` tells, else as soon as the streamed body passes the limit; nothing is kept and the connection is closed. Admin and service tokens are not limited."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "A store is unavailable, or an S3 node's scratch space is full (`Retry-After: 5`). Nothing is kept."
              },
              "507": {
                "$ref": "#/components/responses/InsufficientStorage",
                "description": "The disk filled up while storing the upload or its derived forms, or is down to the free space the node keeps (`KILN_DATA_FREE_BYTES`, checked from `Content-Length` before the body and as it is written), or the user's live files and this upload would pass their stored-bytes quota (`KILN_USER_STORED_BYTES`; the message says how much they hold). Every temporary byte is removed, no row is written."
              }
            }
          }
        },
        "/api/v3/files": {
          "post": {
            "operationId": "uploadFileV3",
            "tags": [
              "files"
            ],
            "summary": "Upload any file (v3 envelope)",
            "description": "The same as `POST /api/v4/files`, answered in the v3 envelope `{\"status\":\"success\",\"data\":[...]}`.\n\nAny valid bearer token may upload (role `user`, `admin` or `service`); the caller becomes the uploader. The body is streamed to storage as it arrives; `Expect: 100-continue` is answered at once. The MIME type and extension come from the bytes, never from the name or the part's Content-Type. A refused upload leaves no row, no bytes and no temporary file.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "multipart/form-data": {
                  "schema": {
                    "$ref": "#/components/schemas/FileUploadForm"
                  },
                  "encoding": {
                    "file": {
                      "contentType": "application/octet-stream"
                    },
                    "files": {
                      "contentType": "application/octet-stream"
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Stored. The file object of what was stored.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/UploadedFilesEnvelope"
                    },
                    "examples": {
                      "FileUploadAnswerV3": {
                        "$ref": "#/components/examples/FileUploadAnswerV3"
                      }
                    }
                  }
                },
                "links": {
                  "GetFile": {
                    "operationId": "getFile",
                    "parameters": {
                      "fileId": "$response.body#/data/0/fileId"
                    },
                    "description": "Read the stored file's object (poll it to follow a transcode)."
                  },
                  "UpdateFile": {
                    "operationId": "updateFile",
                    "parameters": {
                      "fileId": "$response.body#/data/0/fileId"
                    },
                    "description": "Change it."
                  },
                  "DeleteFile": {
                    "operationId": "deleteFile",
                    "parameters": {
                      "fileId": "$response.body#/data/0/fileId"
                    },
                    "description": "Delete it."
                  },
                  "DownloadFile": {
                    "operationId": "downloadFile",
                    "parameters": {
                      "fileId": "$response.body#/data/0/fileId"
                    },
                    "description": "Download it."
                  },
                  "HeadFileDownload": {
                    "operationId": "headFileDownload",
                    "parameters": {
                      "fileId": "$response.body#/data/0/fileId"
                    },
                    "description": "Its download's headers."
                  },
                  "RetryTranscode": {
                    "operationId": "retryTranscode",
                    "parameters": {
                      "fileId": "$response.body#/data/0/fileId"
                    },
                    "description": "Run its transcode again (operators)."
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "The body cannot be taken: no or wrong Content-Type (`multipart/form-data` with a `boundary` is required), a malformed or cut-short multipart body, no `file` part, a second file part, an empty file, a field over 16 KiB or not UTF-8, or a field that breaks its rule (`accessType`, `altText`, `preferredFilename`, `feedType`, `fullImage`). Refusals found while the body is still arriving close the connection."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token. Answered before the body is read, with `Connection: close`."
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge",
                "description": "The file is over this endpoint's limit (from `Content-Length`, which may exceed it by 1 MiB of form overhead, or as soon as the streamed file crosses it), or the form beside the file (preamble, part headers, fields, unread parts, epilogue) exceeds 1 MiB, or it has more than 32 parts. Nothing is kept; the connection is closed."
              },
              "429": {
                "$ref": "#/components/responses/TooManyRequests",
                "description": "A user token past a fair-use limit: `KILN_USER_UPLOADS_IN_FLIGHT` uploads already in progress on this node (`Retry-After: 1`), or `KILN_USER_BYTES_PER_HOUR` bytes sent within the hour (`Retry-After`: seconds until enough of them expire). Refused before the body is read when `Content-Length` tells, else as soon as the streamed body passes the limit; nothing is kept and the connection is closed. Admin and service tokens are not limited."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "A store is unavailable, or an S3 node's scratch space is full (`Retry-After: 5`). Nothing is kept."
              },
              "507": {
                "$ref": "#/components/responses/InsufficientStorage",
                "description": "The disk filled up while storing the upload or its derived forms, or is down to the free space the node keeps (`KILN_DATA_FREE_BYTES`, checked from `Content-Length` before the body and as it is written), or the user's live files and this upload would pass their stored-bytes quota (`KILN_USER_STORED_BYTES`; the message says how much they hold). Every temporary byte is removed, no row is written."
              }
            }
          },
          "get": {
            "operationId": "listFiles",
            "tags": [
              "operators"
            ],
            "summary": "List files (operators)",
            "description": "Files newest first (by `createdAt`, then by `fileId`), so the latest upload and the latest failure lead the list, a page at a time, optionally only those of one status and/or type; deleted files are left out. Page on with `after=<paging.next>` until `paging.next` is `null`. Admin tokens only.",
            "security": [
              {
                "bearer": [
                  "admin"
                ]
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              },
              {
                "name": "status",
                "in": "query",
                "required": false,
                "description": "Only files in this status.",
                "schema": {
                  "$ref": "#/components/schemas/FileStatus"
                }
              },
              {
                "name": "type",
                "in": "query",
                "required": false,
                "description": "Only files of this type.",
                "schema": {
                  "$ref": "#/components/schemas/FileType"
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "Files a page, 1 to 100.",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 100,
                  "default": 20
                }
              },
              {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Cursor: list the files that come after this one in the listing (the previous page's `paging.next`). It must name a file that exists.",
                "schema": {
                  "$ref": "#/components/schemas/FileId"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "One page.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/FilePageEnvelope"
                    },
                    "examples": {
                      "FilePage": {
                        "$ref": "#/components/examples/FilePage"
                      },
                      "LastFilePage": {
                        "$ref": "#/components/examples/LastFilePage"
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`status`, `type`, `limit` (a whole number from 1 to 100) or `after` (the fileId of an existing file) is not valid."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token."
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "The token is not an admin's (`only an admin may do this`)."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v4/images": {
          "post": {
            "operationId": "uploadImage",
            "tags": [
              "images"
            ],
            "summary": "Upload an image",
            "description": "Stores an `image`: JPEG, PNG, GIF (also animated), WebP (also animated), HEIC/HEIF, AVIF or TIFF, judged from the bytes. One decode makes `large` (1500 px on the longest side), `medium` (600) and `small` (160), never upscaled, upright, sRGB, without EXIF/GPS/XMP/IPTC; `full` is the original resolution with `fullImage=true`, else `large`. Opaque images are served as progressive JPEG, images with alpha as PNG, animations stay animated GIF/WebP. Downloads always serve one of these sizes, never the uploaded bytes. Limit: `KILN_MAX_IMAGE_BYTES` (100 MiB).\n\nAny valid bearer token may upload (role `user`, `admin` or `service`); the caller becomes the uploader. The body is streamed to storage as it arrives; `Expect: 100-continue` is answered at once. The MIME type and extension come from the bytes, never from the name or the part's Content-Type. A refused upload leaves no row, no bytes and no temporary file.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "multipart/form-data": {
                  "schema": {
                    "$ref": "#/components/schemas/ImageUploadForm"
                  },
                  "encoding": {
                    "file": {
                      "contentType": "application/octet-stream"
                    },
                    "files": {
                      "contentType": "application/octet-stream"
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Stored. The file object of what was stored.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/UploadedFiles"
                    },
                    "examples": {
                      "ImageUploadAnswer": {
                        "$ref": "#/components/examples/ImageUploadAnswer"
                      }
                    }
                  }
                },
                "links": {
                  "GetFile": {
                    "operationId": "getFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Read the stored file's object (poll it to follow a transcode)."
                  },
                  "UpdateFile": {
                    "operationId": "updateFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Change it."
                  },
                  "DeleteFile": {
                    "operationId": "deleteFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Delete it."
                  },
                  "DownloadFile": {
                    "operationId": "downloadFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Download it."
                  },
                  "HeadFileDownload": {
                    "operationId": "headFileDownload",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Its download's headers."
                  },
                  "RetryTranscode": {
                    "operationId": "retryTranscode",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Run its transcode again (operators)."
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "The body cannot be taken: no or wrong Content-Type (`multipart/form-data` with a `boundary` is required), a malformed or cut-short multipart body, no `file` part, a second file part, an empty file, a field over 16 KiB or not UTF-8, or a field that breaks its rule (`accessType`, `altText`, `preferredFilename`, `feedType`, `fullImage`). Refusals found while the body is still arriving close the connection."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token. Answered before the body is read, with `Connection: close`."
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge",
                "description": "The file is over this endpoint's limit (from `Content-Length`, which may exceed it by 1 MiB of form overhead, or as soon as the streamed file crosses it), or the form beside the file (preamble, part headers, fields, unread parts, epilogue) exceeds 1 MiB, or it has more than 32 parts. Nothing is kept; the connection is closed."
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType",
                "description": "The first bytes are not JPEG, PNG, GIF, WebP, HEIC/HEIF, AVIF or TIFF (judged from the first 8 KiB while the body is still arriving; the connection is closed)."
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent",
                "description": "The image has more pixels than `KILN_MAX_IMAGE_PIXELS` (every frame counted, checked from the header before decoding), or cannot be decoded (`image cannot be decoded: its data is damaged or cut short`)."
              },
              "429": {
                "$ref": "#/components/responses/TooManyRequests",
                "description": "A user token past a fair-use limit: `KILN_USER_UPLOADS_IN_FLIGHT` uploads already in progress on this node (`Retry-After: 1`), or `KILN_USER_BYTES_PER_HOUR` bytes sent within the hour (`Retry-After`: seconds until enough of them expire). Refused before the body is read when `Content-Length` tells, else as soon as the streamed body passes the limit; nothing is kept and the connection is closed. Admin and service tokens are not limited."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The image workers and their queue are full (`the image workers are busy; try again shortly`, `Retry-After: 1`), or a store is unavailable (`Retry-After: 5`). Nothing is kept."
              },
              "507": {
                "$ref": "#/components/responses/InsufficientStorage",
                "description": "The disk filled up while storing the upload or its derived forms, or is down to the free space the node keeps (`KILN_DATA_FREE_BYTES`, checked from `Content-Length` before the body and as it is written), or the user's live files and this upload would pass their stored-bytes quota (`KILN_USER_STORED_BYTES`; the message says how much they hold). Every temporary byte is removed, no row is written."
              }
            }
          }
        },
        "/api/v4/videos": {
          "post": {
            "operationId": "uploadVideo",
            "tags": [
              "videos"
            ],
            "summary": "Upload a video",
            "description": "Stores a `video`: probed (dimensions as displayed, rotation, duration, frame rate, bit rate, codecs) and postered (a frame at 1 s, or 10 % in under 10 s; best effort), then transcoded by a worker into the 1080p/720p/480p/360p ladder (rungs at or below the source's short side) and `original`, H.264/AAC in MP4. Limit: `KILN_MAX_VIDEO_BYTES` (2 GiB) and `KILN_MAX_VIDEO_SECONDS` (7200 s).\n\nAny valid bearer token may upload (role `user`, `admin` or `service`); the caller becomes the uploader. The body is streamed to storage as it arrives; `Expect: 100-continue` is answered at once. The MIME type and extension come from the bytes, never from the name or the part's Content-Type. A refused upload leaves no row, no bytes and no temporary file.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "multipart/form-data": {
                  "schema": {
                    "$ref": "#/components/schemas/VideoUploadForm"
                  },
                  "encoding": {
                    "file": {
                      "contentType": "application/octet-stream"
                    },
                    "files": {
                      "contentType": "application/octet-stream"
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Stored. `video` and `clip` answer at once with `status: uploaded`; the transcode job is queued in the same transaction as the row.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/UploadedFiles"
                    },
                    "examples": {
                      "VideoUploadAnswer": {
                        "$ref": "#/components/examples/VideoUploadAnswer"
                      }
                    }
                  }
                },
                "links": {
                  "GetFile": {
                    "operationId": "getFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Read the stored file's object (poll it to follow a transcode)."
                  },
                  "UpdateFile": {
                    "operationId": "updateFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Change it."
                  },
                  "DeleteFile": {
                    "operationId": "deleteFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Delete it."
                  },
                  "DownloadFile": {
                    "operationId": "downloadFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Download it."
                  },
                  "HeadFileDownload": {
                    "operationId": "headFileDownload",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Its download's headers."
                  },
                  "RetryTranscode": {
                    "operationId": "retryTranscode",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Run its transcode again (operators)."
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "The body cannot be taken: no or wrong Content-Type (`multipart/form-data` with a `boundary` is required), a malformed or cut-short multipart body, no `file` part, a second file part, an empty file, a field over 16 KiB or not UTF-8, or a field that breaks its rule (`accessType`, `altText`, `preferredFilename`, `feedType`, `fullImage`). Refusals found while the body is still arriving close the connection."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token. Answered before the body is read, with `Connection: close`."
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge",
                "description": "The file is over this endpoint's limit (from `Content-Length`, which may exceed it by 1 MiB of form overhead, or as soon as the streamed file crosses it), or the form beside the file (preamble, part headers, fields, unread parts, epilogue) exceeds 1 MiB, or it has more than 32 parts. Nothing is kept; the connection is closed."
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType",
                "description": "An image, document, archive or text (judged from the first 8 KiB while the body is still arriving; the connection is closed), or media without a video stream (`a video is required; the upload has no video stream (it is audio)`), or media in a container Kiln does not read, such as a playlist or list naming other files (HLS, DASH, ffconcat): nothing it names is opened."
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent",
                "description": "libav cannot read it (`the upload cannot be read as a video: <libav's reason>`), its video codec cannot be decoded, or it is over a limit: longer than `KILN_MAX_VIDEO_SECONDS` (7200 s; a clip `KILN_MAX_CLIP_SECONDS`, 900 s), larger than 3840x2160 either way round, or faster than 120 frames a second."
              },
              "429": {
                "$ref": "#/components/responses/TooManyRequests",
                "description": "A user token past a fair-use limit: `KILN_USER_UPLOADS_IN_FLIGHT` uploads already in progress on this node (`Retry-After: 1`), or `KILN_USER_BYTES_PER_HOUR` bytes sent within the hour (`Retry-After`: seconds until enough of them expire). Refused before the body is read when `Content-Length` tells, else as soon as the streamed body passes the limit; nothing is kept and the connection is closed. Admin and service tokens are not limited."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "A store is unavailable, or an S3 node's scratch space is full (`Retry-After: 5`). Nothing is kept."
              },
              "507": {
                "$ref": "#/components/responses/InsufficientStorage",
                "description": "The disk filled up while storing the upload or its derived forms, or is down to the free space the node keeps (`KILN_DATA_FREE_BYTES`, checked from `Content-Length` before the body and as it is written), or the user's live files and this upload would pass their stored-bytes quota (`KILN_USER_STORED_BYTES`; the message says how much they hold). Every temporary byte is removed, no row is written."
              }
            }
          }
        },
        "/api/v4/clips": {
          "post": {
            "operationId": "uploadClip",
            "tags": [
              "videos"
            ],
            "summary": "Upload a clip",
            "description": "The same as `POST /api/v4/videos`, stored as type `clip` and limited to `KILN_MAX_CLIP_SECONDS` (900 s).\n\nAny valid bearer token may upload (role `user`, `admin` or `service`); the caller becomes the uploader. The body is streamed to storage as it arrives; `Expect: 100-continue` is answered at once. The MIME type and extension come from the bytes, never from the name or the part's Content-Type. A refused upload leaves no row, no bytes and no temporary file.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "multipart/form-data": {
                  "schema": {
                    "$ref": "#/components/schemas/VideoUploadForm"
                  },
                  "encoding": {
                    "file": {
                      "contentType": "application/octet-stream"
                    },
                    "files": {
                      "contentType": "application/octet-stream"
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Stored. `video` and `clip` answer at once with `status: uploaded`; the transcode job is queued in the same transaction as the row.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/UploadedFiles"
                    },
                    "examples": {
                      "VideoUploadAnswer": {
                        "$ref": "#/components/examples/VideoUploadAnswer"
                      }
                    }
                  }
                },
                "links": {
                  "GetFile": {
                    "operationId": "getFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Read the stored file's object (poll it to follow a transcode)."
                  },
                  "UpdateFile": {
                    "operationId": "updateFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Change it."
                  },
                  "DeleteFile": {
                    "operationId": "deleteFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Delete it."
                  },
                  "DownloadFile": {
                    "operationId": "downloadFile",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Download it."
                  },
                  "HeadFileDownload": {
                    "operationId": "headFileDownload",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Its download's headers."
                  },
                  "RetryTranscode": {
                    "operationId": "retryTranscode",
                    "parameters": {
                      "fileId": "$response.body#/0/fileId"
                    },
                    "description": "Run its transcode again (operators)."
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "The body cannot be taken: no or wrong Content-Type (`multipart/form-data` with a `boundary` is required), a malformed or cut-short multipart body, no `file` part, a second file part, an empty file, a field over 16 KiB or not UTF-8, or a field that breaks its rule (`accessType`, `altText`, `preferredFilename`, `feedType`, `fullImage`). Refusals found while the body is still arriving close the connection."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token. Answered before the body is read, with `Connection: close`."
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge",
                "description": "The file is over this endpoint's limit (from `Content-Length`, which may exceed it by 1 MiB of form overhead, or as soon as the streamed file crosses it), or the form beside the file (preamble, part headers, fields, unread parts, epilogue) exceeds 1 MiB, or it has more than 32 parts. Nothing is kept; the connection is closed."
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType",
                "description": "An image, document, archive or text (judged from the first 8 KiB while the body is still arriving; the connection is closed), or media without a video stream (`a video is required; the upload has no video stream (it is audio)`), or media in a container Kiln does not read, such as a playlist or list naming other files (HLS, DASH, ffconcat): nothing it names is opened."
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent",
                "description": "libav cannot read it (`the upload cannot be read as a video: <libav's reason>`), its video codec cannot be decoded, or it is over a limit: longer than `KILN_MAX_VIDEO_SECONDS` (7200 s; a clip `KILN_MAX_CLIP_SECONDS`, 900 s), larger than 3840x2160 either way round, or faster than 120 frames a second."
              },
              "429": {
                "$ref": "#/components/responses/TooManyRequests",
                "description": "A user token past a fair-use limit: `KILN_USER_UPLOADS_IN_FLIGHT` uploads already in progress on this node (`Retry-After: 1`), or `KILN_USER_BYTES_PER_HOUR` bytes sent within the hour (`Retry-After`: seconds until enough of them expire). Refused before the body is read when `Content-Length` tells, else as soon as the streamed body passes the limit; nothing is kept and the connection is closed. Admin and service tokens are not limited."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "A store is unavailable, or an S3 node's scratch space is full (`Retry-After: 5`). Nothing is kept."
              },
              "507": {
                "$ref": "#/components/responses/InsufficientStorage",
                "description": "The disk filled up while storing the upload or its derived forms, or is down to the free space the node keeps (`KILN_DATA_FREE_BYTES`, checked from `Content-Length` before the body and as it is written), or the user's live files and this upload would pass their stored-bytes quota (`KILN_USER_STORED_BYTES`; the message says how much they hold). Every temporary byte is removed, no row is written."
              }
            }
          }
        },
        "/api/v4/uploads": {
          "options": {
            "operationId": "discoverResumableUploads",
            "tags": [
              "uploads"
            ],
            "summary": "tus discovery",
            "description": "What Kiln speaks of tus: `Tus-Version: 1.0.0`, the extensions, the size limit and the checksum algorithms. No token needed.",
            "parameters": [
              {
                "name": "kind",
                "in": "query",
                "required": false,
                "description": "The kind whose limit `Tus-Max-Size` names; the largest kind's without it.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "file",
                    "image",
                    "video",
                    "clip",
                    "audio"
                  ]
                }
              }
            ],
            "responses": {
              "204": {
                "description": "Discovery headers.",
                "headers": {
                  "Tus-Resumable": {
                    "$ref": "#/components/headers/Tus-Resumable"
                  },
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Tus-Version": {
                    "schema": {
                      "type": "string"
                    },
                    "description": "`1.0.0`."
                  },
                  "Tus-Extension": {
                    "schema": {
                      "type": "string"
                    },
                    "description": "`creation,creation-with-upload,creation-defer-length,termination,checksum,expiration`."
                  },
                  "Tus-Max-Size": {
                    "schema": {
                      "type": "integer"
                    },
                    "description": "The kind's byte limit (`KILN_MAX_*_BYTES`)."
                  },
                  "Tus-Checksum-Algorithm": {
                    "schema": {
                      "type": "string"
                    },
                    "description": "`sha1,sha256,md5`."
                  }
                }
              }
            }
          },
          "post": {
            "operationId": "createResumableUpload",
            "tags": [
              "uploads"
            ],
            "summary": "Begin a resumable upload (tus creation)",
            "description": "tus 1.0 creation. `Upload-Length` (or `Upload-Defer-Length: 1`, the length then given by a later PATCH) is checked against the kind's limit and the caller's quota before any byte. `Upload-Metadata` carries `filename` (or `name`), `kind` (`file`, `image`, `video`, `clip`, `audio`; default `file`, deciding which upload endpoint's rules apply), and the form fields `accessType`, `altText`, `feedType`, `fullImage`, `preferredFilename`; other keys are ignored. With `Content-Type: application/offset+octet-stream` and a body, that body is the first chunk (creation-with-upload). The finished upload takes exactly the path a multipart upload takes (sniffing, limits, the app's upload rules, derived forms, transcoding). The `Location` is unguessable and only its creator may use it.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/Tus-Resumable"
              },
              {
                "$ref": "#/components/parameters/X-Request-Id"
              },
              {
                "name": "Upload-Length",
                "in": "header",
                "required": false,
                "description": "The upload's length in bytes.",
                "schema": {
                  "type": "integer",
                  "minimum": 0
                }
              },
              {
                "name": "Upload-Defer-Length",
                "in": "header",
                "required": false,
                "description": "`1`: the length is said later.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "1"
                  ]
                }
              },
              {
                "name": "Upload-Metadata",
                "in": "header",
                "required": false,
                "description": "Comma-separated `key base64(value)` pairs.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "requestBody": {
              "required": false,
              "content": {
                "application/offset+octet-stream": {
                  "schema": {
                    "type": "string",
                    "format": "binary"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Created; `Location` is the upload's URL. With a first chunk, `Upload-Offset` says how much of it was kept and, if it was the whole upload, `Kiln-File-Id` names the file.",
                "headers": {
                  "Tus-Resumable": {
                    "$ref": "#/components/headers/Tus-Resumable"
                  },
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Upload-Offset": {
                    "description": "Bytes the upload durably has.",
                    "schema": {
                      "type": "integer",
                      "minimum": 0
                    }
                  },
                  "Upload-Expires": {
                    "description": "When the upload expires unless another chunk renews it (`KILN_TUS_EXPIRY`, 24 h after the last chunk).",
                    "schema": {
                      "type": "string"
                    }
                  },
                  "Kiln-File-Id": {
                    "description": "Once the upload is finished: the file it became (`GET /api/v3/files/{fileId}`).",
                    "schema": {
                      "type": "string",
                      "pattern": "^[0-9a-f]{32}$"
                    }
                  },
                  "Location": {
                    "description": "The upload's URL.",
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge",
                "description": "`Upload-Length` is over the kind's limit, or the first chunk goes past it."
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType",
                "description": "The first chunk is not `application/offset+octet-stream`, or its first bytes are not of the kind (the upload is dropped)."
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent",
                "description": "The whole upload came in the first chunk and the pipeline refused it, as a multipart upload of it would be."
              },
              "429": {
                "$ref": "#/components/responses/TooManyRequests",
                "description": "A fair-use limit (`KILN_USER_*`)."
              },
              "460": {
                "$ref": "#/components/responses/TusChecksumMismatch"
              },
              "507": {
                "$ref": "#/components/responses/InsufficientStorage",
                "description": "The user's stored-bytes quota, or the node's disk."
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "A header that breaks its rule (`Upload-Offset`, `Upload-Length`, `Upload-Checksum`, `Upload-Metadata`), or a chunk cut short before its `Content-Length` (what arrived is kept unless a checksum was sent)."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token."
              },
              "412": {
                "$ref": "#/components/responses/TusVersionMismatch"
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "A store is unavailable (`Retry-After: 5`)."
              }
            }
          }
        },
        "/api/v4/uploads/{uploadId}": {
          "options": {
            "operationId": "discoverResumableUpload",
            "tags": [
              "uploads"
            ],
            "summary": "tus discovery",
            "description": "What Kiln speaks of tus: `Tus-Version: 1.0.0`, the extensions, the size limit and the checksum algorithms. No token needed.",
            "parameters": [
              {
                "$ref": "#/components/parameters/UploadId"
              },
              {
                "name": "kind",
                "in": "query",
                "required": false,
                "description": "The kind whose limit `Tus-Max-Size` names; the largest kind's without it.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "file",
                    "image",
                    "video",
                    "clip",
                    "audio"
                  ]
                }
              }
            ],
            "responses": {
              "204": {
                "description": "Discovery headers.",
                "headers": {
                  "Tus-Resumable": {
                    "$ref": "#/components/headers/Tus-Resumable"
                  },
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Tus-Version": {
                    "schema": {
                      "type": "string"
                    },
                    "description": "`1.0.0`."
                  },
                  "Tus-Extension": {
                    "schema": {
                      "type": "string"
                    },
                    "description": "`creation,creation-with-upload,creation-defer-length,termination,checksum,expiration`."
                  },
                  "Tus-Max-Size": {
                    "schema": {
                      "type": "integer"
                    },
                    "description": "The kind's byte limit (`KILN_MAX_*_BYTES`)."
                  },
                  "Tus-Checksum-Algorithm": {
                    "schema": {
                      "type": "string"
                    },
                    "description": "`sha1,sha256,md5`."
                  }
                }
              }
            }
          },
          "head": {
            "operationId": "getResumableUpload",
            "tags": [
              "uploads"
            ],
            "summary": "Where a resumable upload stands",
            "description": "`Upload-Offset` is every byte the upload durably has. A request still working on the upload (a hung PATCH whose client came back on a new connection) is asked to stop first, keeping what it received. An upload whose bytes are all there but which is not yet a file (its last request broke off, or its node died, while it was being stored) is stored now; once finished, `Kiln-File-Id` names the file.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/UploadId"
              },
              {
                "$ref": "#/components/parameters/Tus-Resumable"
              },
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "The upload's state (no body).",
                "headers": {
                  "Tus-Resumable": {
                    "$ref": "#/components/headers/Tus-Resumable"
                  },
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Upload-Offset": {
                    "description": "Bytes the upload durably has.",
                    "schema": {
                      "type": "integer",
                      "minimum": 0
                    }
                  },
                  "Upload-Expires": {
                    "description": "When the upload expires unless another chunk renews it (`KILN_TUS_EXPIRY`, 24 h after the last chunk).",
                    "schema": {
                      "type": "string"
                    }
                  },
                  "Kiln-File-Id": {
                    "description": "Once the upload is finished: the file it became (`GET /api/v3/files/{fileId}`).",
                    "schema": {
                      "type": "string",
                      "pattern": "^[0-9a-f]{32}$"
                    }
                  },
                  "Upload-Length": {
                    "schema": {
                      "type": "integer"
                    },
                    "description": "The length, once known."
                  },
                  "Upload-Defer-Length": {
                    "schema": {
                      "type": "string"
                    },
                    "description": "`1` while the length is not known."
                  },
                  "Upload-Metadata": {
                    "schema": {
                      "type": "string"
                    },
                    "description": "The metadata Kiln kept, `kind` included."
                  },
                  "Cache-Control": {
                    "schema": {
                      "type": "string"
                    },
                    "description": "`no-store`."
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "A header that breaks its rule (`Upload-Offset`, `Upload-Length`, `Upload-Checksum`, `Upload-Metadata`), or a chunk cut short before its `Content-Length` (what arrived is kept unless a checksum was sent)."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No such upload, or one another caller made (the same answer, so ids cannot be probed)."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The upload expired (`Upload-Expires` passed) and is swept."
              },
              "412": {
                "$ref": "#/components/responses/TusVersionMismatch"
              },
              "423": {
                "$ref": "#/components/responses/TusLocked"
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "A store is unavailable (`Retry-After: 5`)."
              }
            }
          },
          "patch": {
            "operationId": "appendToResumableUpload",
            "tags": [
              "uploads"
            ],
            "summary": "Send a chunk",
            "description": "Appends the body at `Upload-Offset`, which must be the upload's offset. The bytes are made durable (fsynced on the data folder; parts of a multipart upload, at least 5 MiB, with a shorter tail kept aside, on S3) before the offset is recorded in the database, so any node resumes at the right byte. The first chunk's first 8 KiB are sniffed: an upload that cannot be of its kind is refused (415) and dropped at once. The chunk that completes the upload stores it as a file and answers with `Kiln-File-Id`. A chunk whose connection breaks off keeps what arrived.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/UploadId"
              },
              {
                "$ref": "#/components/parameters/Tus-Resumable"
              },
              {
                "$ref": "#/components/parameters/X-Request-Id"
              },
              {
                "name": "Upload-Offset",
                "in": "header",
                "required": true,
                "description": "Where the chunk begins.",
                "schema": {
                  "type": "integer",
                  "minimum": 0
                }
              },
              {
                "name": "Upload-Length",
                "in": "header",
                "required": false,
                "description": "The length, for an upload that deferred it.",
                "schema": {
                  "type": "integer",
                  "minimum": 0
                }
              },
              {
                "name": "Upload-Checksum",
                "in": "header",
                "required": false,
                "description": "`sha1|sha256|md5 <base64 digest>` of the chunk.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/offset+octet-stream": {
                  "schema": {
                    "type": "string",
                    "format": "binary"
                  }
                }
              }
            },
            "responses": {
              "204": {
                "description": "Kept; `Upload-Offset` is the new offset.",
                "headers": {
                  "Tus-Resumable": {
                    "$ref": "#/components/headers/Tus-Resumable"
                  },
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Upload-Offset": {
                    "description": "Bytes the upload durably has.",
                    "schema": {
                      "type": "integer",
                      "minimum": 0
                    }
                  },
                  "Upload-Expires": {
                    "description": "When the upload expires unless another chunk renews it (`KILN_TUS_EXPIRY`, 24 h after the last chunk).",
                    "schema": {
                      "type": "string"
                    }
                  },
                  "Kiln-File-Id": {
                    "description": "Once the upload is finished: the file it became (`GET /api/v3/files/{fileId}`).",
                    "schema": {
                      "type": "string",
                      "pattern": "^[0-9a-f]{32}$"
                    }
                  }
                }
              },
              "409": {
                "$ref": "#/components/responses/Conflict",
                "description": "`Upload-Offset` is not the upload's offset (HEAD says what it is), or the upload is finished already."
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge",
                "description": "The chunk goes past the upload's length or the kind's limit; the chunk is dropped."
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType",
                "description": "Not `application/offset+octet-stream`, or the first bytes are not of the upload's kind (the upload is dropped)."
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent",
                "description": "The last chunk arrived and the pipeline refused the file, as it would refuse a multipart upload of it; the upload is dropped."
              },
              "429": {
                "$ref": "#/components/responses/TooManyRequests",
                "description": "A fair-use limit (`KILN_USER_*`)."
              },
              "460": {
                "$ref": "#/components/responses/TusChecksumMismatch"
              },
              "507": {
                "$ref": "#/components/responses/InsufficientStorage",
                "description": "The node's disk or the user's quota; the chunk is not kept."
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "A header that breaks its rule (`Upload-Offset`, `Upload-Length`, `Upload-Checksum`, `Upload-Metadata`), or a chunk cut short before its `Content-Length` (what arrived is kept unless a checksum was sent)."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No such upload, or one another caller made (the same answer, so ids cannot be probed)."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The upload expired (`Upload-Expires` passed) and is swept."
              },
              "412": {
                "$ref": "#/components/responses/TusVersionMismatch"
              },
              "423": {
                "$ref": "#/components/responses/TusLocked"
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "A store is unavailable (`Retry-After: 5`)."
              }
            }
          },
          "delete": {
            "operationId": "terminateResumableUpload",
            "tags": [
              "uploads"
            ],
            "summary": "Drop a resumable upload (tus termination)",
            "description": "Drops the upload and every byte kept of it (on S3 its multipart upload is aborted). A finished upload's file stays; delete it at `/api/v3/files/{fileId}`.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/UploadId"
              },
              {
                "$ref": "#/components/parameters/Tus-Resumable"
              },
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "204": {
                "description": "Dropped.",
                "headers": {
                  "Tus-Resumable": {
                    "$ref": "#/components/headers/Tus-Resumable"
                  },
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "A header that breaks its rule (`Upload-Offset`, `Upload-Length`, `Upload-Checksum`, `Upload-Metadata`), or a chunk cut short before its `Content-Length` (what arrived is kept unless a checksum was sent)."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No such upload, or one another caller made (the same answer, so ids cannot be probed)."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The upload expired (`Upload-Expires` passed) and is swept."
              },
              "412": {
                "$ref": "#/components/responses/TusVersionMismatch"
              },
              "423": {
                "$ref": "#/components/responses/TusLocked"
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "A store is unavailable (`Retry-After: 5`)."
              }
            }
          }
        },
        "/api/v3/files/{fileId}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/fileId"
            }
          ],
          "get": {
            "operationId": "getFile",
            "tags": [
              "files"
            ],
            "summary": "Read a file object",
            "description": "A `public` file's object is readable by anyone (a bearer token, valid or not, is not looked at); a `network` file's object, which carries a fresh `signedUrl`, needs a valid bearer token of any role (a signed URL does not open it). `gps` in the metadata is shown to the uploader and to admins only. A deleted file answers 410 and shows nothing of itself. Poll it to follow a transcode (`status`, `metadata.progress`).",
            "security": [
              {},
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "The file object.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/FileObject"
                    },
                    "examples": {
                      "ImageFileObject": {
                        "$ref": "#/components/examples/ImageFileObject"
                      },
                      "VideoUploaded": {
                        "$ref": "#/components/examples/VideoUploaded"
                      },
                      "VideoTranscoding": {
                        "$ref": "#/components/examples/VideoTranscoding"
                      },
                      "VideoTranscoded": {
                        "$ref": "#/components/examples/VideoTranscoded"
                      },
                      "NetworkClipTranscoded": {
                        "$ref": "#/components/examples/NetworkClipTranscoded"
                      },
                      "VideoTranscodeFailed": {
                        "$ref": "#/components/examples/VideoTranscodeFailed"
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/MalformedRequest",
                "description": "The request is not valid HTTP. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "A `network` file, and no valid bearer token."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No file with this id (`no file with id ...`)."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The file has been deleted (`file ... has been deleted`); nothing of it is shown."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`."
              }
            }
          },
          "put": {
            "operationId": "updateFile",
            "tags": [
              "files"
            ],
            "summary": "Change a file's alt text, access type or metadata",
            "description": "The uploader or an admin may change `altText`, `accessType` and the client `metadata`; `updatedAt` moves. The body is checked before the file is looked up. The request's Content-Type is not checked.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/FileChanges"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The changed file object.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/FileObject"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "The body is not a JSON object (`request body is not valid JSON`, `request body must be a JSON object`; an empty body too), or a field breaks its rule: `altText` not a string or null or over 180 characters, `accessType` not `public`/`network`, `metadata` not an object or over 5 KiB."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token."
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "Neither the uploader nor an admin (`only the uploader or an admin may change file ...`)."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No file with this id."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The file has been deleted."
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge",
                "description": "The body is over 64 KiB (`content too large`)."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`."
              }
            }
          },
          "delete": {
            "operationId": "deleteFile",
            "tags": [
              "files"
            ],
            "summary": "Delete a file",
            "description": "The uploader or an admin marks the file deleted, then its bytes (upload and every derived form) are removed. Its object stays readable with `isDeleted: true`; its downloads answer 410; a room recording of it drops out of its room. CDN copies of public downloads are not purged.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "Deleted.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/DeletedFileEnvelope"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/MalformedRequest",
                "description": "The request is not valid HTTP. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token."
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "Neither the uploader nor an admin."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No file with this id."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "Already deleted."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v3/files/{fileId}/download": {
          "parameters": [
            {
              "$ref": "#/components/parameters/fileId"
            }
          ],
          "get": {
            "operationId": "downloadFile",
            "tags": [
              "downloads"
            ],
            "summary": "Download a file",
            "description": "Serves an `image` as one of its processed sizes (never the uploaded bytes, which may carry EXIF/GPS); a `video`, `clip` or `audio` file as uploaded unless `resolution` names a rendition (or `size=poster` the poster); a `file` as uploaded. `public` files need no credential. `network` files need a bearer token of any role, or a signed URL: the file object's `signedUrl` (a grant for the whole file, to which `size`/`resolution` may be appended) or a derived link (`thumbnailUrl`, a `videoUrl` entry, a room's `recordedUrls` or redirect target), which opens exactly the query it was signed with. The size, type and validators come from the file's row; only the bytes are read from the store.",
            "security": [
              {},
              {
                "bearer": []
              },
              {
                "signedUrl": []
              }
            ],
            "parameters": [
              {
                "name": "size",
                "in": "query",
                "required": false,
                "description": "`image`: one of `small`, `medium`, `large`, `full` (the default); anything else is 400. `video`/`clip`: only `poster` (the JPEG poster frame), and only when `resolution` is absent; anything else is 400. `audio`: any value is 400. `file`: ignored.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "small",
                    "medium",
                    "large",
                    "full",
                    "poster"
                  ]
                }
              },
              {
                "$ref": "#/components/parameters/SizeWidth"
              },
              {
                "$ref": "#/components/parameters/SizeHeight"
              },
              {
                "$ref": "#/components/parameters/SizeResize"
              },
              {
                "$ref": "#/components/parameters/SizeCrop"
              },
              {
                "name": "resolution",
                "in": "query",
                "required": false,
                "description": "`video`, `clip`, `audio`: a rendition (it wins over `size`); anything else is 400, a rendition not made (yet) is 404. Without it (and without `size`) the uploaded bytes are served. Ignored for `image` and `file`.",
                "schema": {
                  "$ref": "#/components/schemas/RenditionName"
                }
              },
              {
                "$ref": "#/components/parameters/exp"
              },
              {
                "$ref": "#/components/parameters/sig"
              },
              {
                "$ref": "#/components/parameters/Range"
              },
              {
                "$ref": "#/components/parameters/If-None-Match"
              },
              {
                "$ref": "#/components/parameters/If-Modified-Since"
              },
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "The whole representation; Content-Type is the sniffed type (images: the served size's, renditions `video/mp4`/`audio/mp4`, the poster `image/jpeg`).",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  },
                  "Last-Modified": {
                    "$ref": "#/components/headers/Last-Modified"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/Cache-Control"
                  },
                  "Accept-Ranges": {
                    "$ref": "#/components/headers/Accept-Ranges"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  },
                  "Content-Length": {
                    "$ref": "#/components/headers/Content-Length"
                  },
                  "Content-Disposition": {
                    "$ref": "#/components/headers/Content-Disposition"
                  }
                },
                "content": {
                  "*/*": {
                    "schema": {
                      "type": "string",
                      "contentMediaType": "application/octet-stream"
                    }
                  }
                }
              },
              "206": {
                "description": "The requested range.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  },
                  "Last-Modified": {
                    "$ref": "#/components/headers/Last-Modified"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/Cache-Control"
                  },
                  "Accept-Ranges": {
                    "$ref": "#/components/headers/Accept-Ranges"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  },
                  "Content-Length": {
                    "$ref": "#/components/headers/Content-Length"
                  },
                  "Content-Range": {
                    "$ref": "#/components/headers/Content-Range"
                  },
                  "Content-Disposition": {
                    "$ref": "#/components/headers/Content-Disposition"
                  }
                },
                "content": {
                  "*/*": {
                    "schema": {
                      "type": "string",
                      "contentMediaType": "application/octet-stream"
                    }
                  }
                }
              },
              "302": {
                "description": "Only on a node whose S3 store redirects downloads (`KILN_S3_REDIRECT_DOWNLOADS=1`): a presigned GET of the exact object, answering with Kiln's Content-Type and Content-Disposition and taking ranges, valid no longer than the token or signed link the request came with and never longer than `KILN_SIGNED_URL_TTL`. Conditional requests are answered (304) before redirecting.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Location": {
                    "$ref": "#/components/headers/Location"
                  },
                  "Cache-Control": {
                    "description": "Always `private, no-store`.",
                    "schema": {
                      "type": "string",
                      "const": "private, no-store"
                    }
                  }
                }
              },
              "304": {
                "description": "`If-None-Match` matched, or the file was not modified since `If-Modified-Since`. No body.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  },
                  "Last-Modified": {
                    "$ref": "#/components/headers/Last-Modified"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/Cache-Control"
                  },
                  "Accept-Ranges": {
                    "$ref": "#/components/headers/Accept-Ranges"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`size` or `resolution` is not one this file's type takes."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "A `network` file, and neither a valid bearer token nor a valid, unexpired signature (a bearer token, even an invalid one, is checked instead of the signature)."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No file with this id, or no such variant: `file ... has no medium size`, `... has no 720p rendition (status: transcoding)`, `... has no poster ...`."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The file has been deleted."
              },
              "416": {
                "$ref": "#/components/responses/RangeNotSatisfiable",
                "description": "The range starts at or past the end (`range is outside the N-byte file`), with `Content-Range: bytes */N`."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`; or, on an S3 node, `KILN_S3_PROXIED_READS` downloads are already being read from the store and none ended within a second (`too many downloads are being read from storage; try again shortly`), with `Retry-After: 1`. A client that takes the body slower than `KILN_DOWNLOAD_MIN_RATE` after `KILN_DOWNLOAD_GRACE` has its connection closed mid-body."
              }
            }
          },
          "head": {
            "operationId": "headFileDownload",
            "tags": [
              "downloads"
            ],
            "summary": "Download headers of a file",
            "description": "The same as `GET`, without the body (and never redirected: a presigned URL is signed for GET). Serves an `image` as one of its processed sizes (never the uploaded bytes, which may carry EXIF/GPS); a `video`, `clip` or `audio` file as uploaded unless `resolution` names a rendition (or `size=poster` the poster); a `file` as uploaded. `public` files need no credential. `network` files need a bearer token of any role, or a signed URL: the file object's `signedUrl` (a grant for the whole file, to which `size`/`resolution` may be appended) or a derived link (`thumbnailUrl`, a `videoUrl` entry, a room's `recordedUrls` or redirect target), which opens exactly the query it was signed with. The size, type and validators come from the file's row; only the bytes are read from the store.",
            "security": [
              {},
              {
                "bearer": []
              },
              {
                "signedUrl": []
              }
            ],
            "parameters": [
              {
                "name": "size",
                "in": "query",
                "required": false,
                "description": "`image`: one of `small`, `medium`, `large`, `full` (the default); anything else is 400. `video`/`clip`: only `poster` (the JPEG poster frame), and only when `resolution` is absent; anything else is 400. `audio`: any value is 400. `file`: ignored.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "small",
                    "medium",
                    "large",
                    "full",
                    "poster"
                  ]
                }
              },
              {
                "$ref": "#/components/parameters/SizeWidth"
              },
              {
                "$ref": "#/components/parameters/SizeHeight"
              },
              {
                "$ref": "#/components/parameters/SizeResize"
              },
              {
                "$ref": "#/components/parameters/SizeCrop"
              },
              {
                "name": "resolution",
                "in": "query",
                "required": false,
                "description": "`video`, `clip`, `audio`: a rendition (it wins over `size`); anything else is 400, a rendition not made (yet) is 404. Without it (and without `size`) the uploaded bytes are served. Ignored for `image` and `file`.",
                "schema": {
                  "$ref": "#/components/schemas/RenditionName"
                }
              },
              {
                "$ref": "#/components/parameters/exp"
              },
              {
                "$ref": "#/components/parameters/sig"
              },
              {
                "$ref": "#/components/parameters/Range"
              },
              {
                "$ref": "#/components/parameters/If-None-Match"
              },
              {
                "$ref": "#/components/parameters/If-Modified-Since"
              },
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "The whole representation's headers, without its bytes.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  },
                  "Last-Modified": {
                    "$ref": "#/components/headers/Last-Modified"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/Cache-Control"
                  },
                  "Accept-Ranges": {
                    "$ref": "#/components/headers/Accept-Ranges"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  },
                  "Content-Length": {
                    "$ref": "#/components/headers/Content-Length"
                  },
                  "Content-Disposition": {
                    "$ref": "#/components/headers/Content-Disposition"
                  }
                }
              },
              "206": {
                "description": "The range's headers, without its bytes.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  },
                  "Last-Modified": {
                    "$ref": "#/components/headers/Last-Modified"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/Cache-Control"
                  },
                  "Accept-Ranges": {
                    "$ref": "#/components/headers/Accept-Ranges"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  },
                  "Content-Length": {
                    "$ref": "#/components/headers/Content-Length"
                  },
                  "Content-Range": {
                    "$ref": "#/components/headers/Content-Range"
                  },
                  "Content-Disposition": {
                    "$ref": "#/components/headers/Content-Disposition"
                  }
                }
              },
              "304": {
                "description": "`If-None-Match` matched, or the file was not modified since `If-Modified-Since`. No body.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  },
                  "Last-Modified": {
                    "$ref": "#/components/headers/Last-Modified"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/Cache-Control"
                  },
                  "Accept-Ranges": {
                    "$ref": "#/components/headers/Accept-Ranges"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`size` or `resolution` is not one this file's type takes."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "A `network` file, and neither a valid bearer token nor a valid, unexpired signature (a bearer token, even an invalid one, is checked instead of the signature)."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No file with this id, or no such variant: `file ... has no medium size`, `... has no 720p rendition (status: transcoding)`, `... has no poster ...`."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The file has been deleted."
              },
              "416": {
                "$ref": "#/components/responses/RangeNotSatisfiable",
                "description": "The range starts at or past the end (`range is outside the N-byte file`), with `Content-Range: bytes */N`."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v3/files/{fileId}/hls/{playlist}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/fileId"
            },
            {
              "name": "playlist",
              "in": "path",
              "required": true,
              "description": "`master.m3u8`, or `<rung>.m3u8` for a rung of the master playlist.",
              "schema": {
                "type": "string"
              }
            }
          ],
          "get": {
            "operationId": "getHLSPlaylist",
            "tags": [
              "downloads"
            ],
            "summary": "An HLS playlist of a video",
            "description": "`master.m3u8` lists every rung (`BANDWIDTH`, `AVERAGE-BANDWIDTH`, `RESOLUTION`, `CODECS`, `FRAME-RATE`); `<rung>.m3u8` (e.g. `720p.m3u8`) is that rung's media playlist of fMP4 segments of about 4 s, which start on the same keyframe in every rung. Written per request from the file's row: present from the moment the first segment of every rung exists, as `#EXT-X-PLAYLIST-TYPE:EVENT` growing while the video is `transcoding`, ending with `#EXT-X-ENDLIST` once it is `transcoded`. URIs inside are relative; when the request came with a grant, every URI carries the same `exp` and `sig`.",
            "security": [
              {},
              {
                "bearer": []
              },
              {
                "signedUrl": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/exp"
              },
              {
                "$ref": "#/components/parameters/sig"
              }
            ],
            "responses": {
              "200": {
                "description": "The playlist. `Cache-Control` max-age 1 while it grows, 60 once complete.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                },
                "content": {
                  "application/vnd.apple.mpegurl": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "A `network` file, and neither a valid bearer token nor a valid, unexpired grant of this file's HLS tree (the `exp`/`sig` of its `hlsUrl`); a grant of another file never opens this one."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No file with this id; not a video or clip; no HLS stream yet (`file ... has no HLS stream (status: ...)`), including while `transcodeFailed`; or no such playlist."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The file has been deleted."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time, with `Retry-After: 5`."
              }
            }
          },
          "head": {
            "operationId": "headHLSPlaylist",
            "tags": [
              "downloads"
            ],
            "summary": "An HLS playlist's headers",
            "description": "`master.m3u8` lists every rung (`BANDWIDTH`, `AVERAGE-BANDWIDTH`, `RESOLUTION`, `CODECS`, `FRAME-RATE`); `<rung>.m3u8` (e.g. `720p.m3u8`) is that rung's media playlist of fMP4 segments of about 4 s, which start on the same keyframe in every rung. Written per request from the file's row: present from the moment the first segment of every rung exists, as `#EXT-X-PLAYLIST-TYPE:EVENT` growing while the video is `transcoding`, ending with `#EXT-X-ENDLIST` once it is `transcoded`. URIs inside are relative; when the request came with a grant, every URI carries the same `exp` and `sig`.",
            "security": [
              {},
              {
                "bearer": []
              },
              {
                "signedUrl": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/exp"
              },
              {
                "$ref": "#/components/parameters/sig"
              }
            ],
            "responses": {
              "200": {
                "description": "The playlist. `Cache-Control` max-age 1 while it grows, 60 once complete.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                },
                "content": {
                  "application/vnd.apple.mpegurl": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "A `network` file, and neither a valid bearer token nor a valid, unexpired grant of this file's HLS tree (the `exp`/`sig` of its `hlsUrl`); a grant of another file never opens this one."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No file with this id; not a video or clip; no HLS stream yet (`file ... has no HLS stream (status: ...)`), including while `transcodeFailed`; or no such playlist."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The file has been deleted."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time, with `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v3/files/{fileId}/hls/{attempt}/{rung}/{segment}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/fileId"
            },
            {
              "name": "attempt",
              "in": "path",
              "required": true,
              "description": "The transcode attempt that made the segments, as the media playlist names it.",
              "schema": {
                "type": "string"
              }
            },
            {
              "name": "rung",
              "in": "path",
              "required": true,
              "description": "A rung of the master playlist, e.g. `720p`.",
              "schema": {
                "type": "string"
              }
            },
            {
              "name": "segment",
              "in": "path",
              "required": true,
              "description": "`init.mp4` or `<n>.m4s`.",
              "schema": {
                "type": "string"
              }
            }
          ],
          "get": {
            "operationId": "getHLSSegment",
            "tags": [
              "downloads"
            ],
            "summary": "An HLS init segment or media segment",
            "description": "`init.mp4` (the rung's fMP4 header) or `<n>.m4s` (segment n, from 0), of the attempt (the first path part) that made them, as the media playlist names them. Names never change meaning, so they are served with the file's long-lived `Cache-Control` (`public, max-age=31536000, immutable` for a `public` file) and an `ETag`.",
            "security": [
              {},
              {
                "bearer": []
              },
              {
                "signedUrl": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/exp"
              },
              {
                "$ref": "#/components/parameters/sig"
              },
              {
                "$ref": "#/components/parameters/If-None-Match"
              }
            ],
            "responses": {
              "200": {
                "description": "The segment's bytes.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                },
                "content": {
                  "video/mp4": {
                    "schema": {
                      "type": "string",
                      "format": "binary"
                    }
                  }
                }
              },
              "304": {
                "description": "`If-None-Match` names this segment.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "A `network` file, and neither a valid bearer token nor a valid, unexpired grant of this file's HLS tree (the `exp`/`sig` of its `hlsUrl`); a grant of another file never opens this one."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No file with this id, no HLS stream, or no such attempt, rung or segment."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The file has been deleted."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time, with `Retry-After: 5`; or, on an S3 node, `KILN_S3_PROXIED_READS` segments are already being read from the store and none ended within a second (`too many HLS segments are being read from storage; try again shortly`), with `Retry-After: 1`. A client that takes the body slower than `KILN_DOWNLOAD_MIN_RATE` after `KILN_DOWNLOAD_GRACE` has its connection closed mid-body."
              }
            }
          },
          "head": {
            "operationId": "headHLSSegment",
            "tags": [
              "downloads"
            ],
            "summary": "An HLS segment's headers",
            "description": "`init.mp4` (the rung's fMP4 header) or `<n>.m4s` (segment n, from 0), of the attempt (the first path part) that made them, as the media playlist names them. Names never change meaning, so they are served with the file's long-lived `Cache-Control` (`public, max-age=31536000, immutable` for a `public` file) and an `ETag`.",
            "security": [
              {},
              {
                "bearer": []
              },
              {
                "signedUrl": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/exp"
              },
              {
                "$ref": "#/components/parameters/sig"
              },
              {
                "$ref": "#/components/parameters/If-None-Match"
              }
            ],
            "responses": {
              "200": {
                "description": "The segment's bytes.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                },
                "content": {
                  "video/mp4": {
                    "schema": {
                      "type": "string",
                      "format": "binary"
                    }
                  }
                }
              },
              "304": {
                "description": "`If-None-Match` names this segment.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "A `network` file, and neither a valid bearer token nor a valid, unexpired grant of this file's HLS tree (the `exp`/`sig` of its `hlsUrl`); a grant of another file never opens this one."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No file with this id, no HLS stream, or no such attempt, rung or segment."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The file has been deleted."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time, with `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v3/files/{fileId}/transcode": {
          "parameters": [
            {
              "$ref": "#/components/parameters/fileId"
            }
          ],
          "post": {
            "operationId": "retryTranscode",
            "tags": [
              "operators"
            ],
            "summary": "Run a file's transcode again (operators)",
            "description": "Queues the transcode of a `video`, `clip` or `audio` file again: a `transcodeFailed` file goes back to `transcoding` (attempts reset, `failureReason` cleared); with `force: true`, one still `uploaded` or `transcoding` (a stuck job) is started over too, and a `transcoded` one is transcoded again (how a video transcoded before HLS existed gains its `hlsUrl`; its renditions and HLS stay served until the new ones are recorded, and the replaced ones are then deleted). Admin tokens only. There are no query parameters.",
            "security": [
              {
                "bearer": [
                  "admin"
                ]
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "requestBody": {
              "required": false,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/TranscodeRetry"
                  },
                  "examples": {
                    "force": {
                      "value": {
                        "force": true
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "202": {
                "description": "Queued: the file object, now `transcoding`, in the v3 envelope.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/FileObjectEnvelope"
                    },
                    "examples": {
                      "RetryAccepted": {
                        "$ref": "#/components/examples/RetryAccepted"
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "The body is not a JSON object, or `force` is not true, false or null."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token."
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "The token is not an admin's (`only an admin may do this`)."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No file with this id (`no file with id ...`)."
              },
              "410": {
                "$ref": "#/components/responses/Gone",
                "description": "The file has been deleted (`file ... has been deleted`)."
              },
              "409": {
                "$ref": "#/components/responses/Conflict",
                "description": "The file's type is not transcoded (`file ... is of type image; only video, clip and audio files are transcoded`), it is already waiting or transcoding and `force` is not set (`... send {\"force\":true} to start it over`), or it is `transcoded` and `force` is not set (`... is transcoded; send {\"force\":true} to transcode it again`)."
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge",
                "description": "The body is over 64 KiB."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v2/uploads/file": {
          "post": {
            "operationId": "streamUploadFile",
            "tags": [
              "stream"
            ],
            "summary": "Upload a file (Stream's `upload_file`)",
            "description": "Stream's file API, as Stream's server SDKs call it, with Kiln's streaming, sniffing, limits, fair use and the app's upload rules (`file_upload_config`). Only with `KILN_STREAM_API_KEY` and `KILN_STREAM_API_SECRET` set; errors in Stream's shape.",
            "security": [
              {
                "streamKey": [],
                "streamToken": [],
                "streamAuthType": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "multipart/form-data": {
                  "schema": {
                    "type": "object",
                    "required": [
                      "file"
                    ],
                    "properties": {
                      "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "The file, streamed."
                      },
                      "user": {
                        "type": "string",
                        "description": "JSON `{\"id\": \"<user id>\"}`: with the server's token, the user the upload is for; with a user's token, that user or absent."
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Stored: an ordinary Kiln file.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/StreamUploadAnswer"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/StreamError",
                "description": "A malformed form, `user` field or `upload_sizes` (or sizes on a file that is not an image) (code 4)."
              },
              "403": {
                "$ref": "#/components/responses/StreamError",
                "description": "A user's token uploading for another user (code 17)."
              },
              "413": {
                "$ref": "#/components/responses/StreamError",
                "description": "Past the endpoint's limit or the app's `size_limit` (code 22); the connection is closed."
              },
              "415": {
                "$ref": "#/components/responses/StreamError",
                "description": "Not what the endpoint takes, or refused by the app's upload rules (code 4)."
              },
              "422": {
                "$ref": "#/components/responses/StreamError",
                "description": "An image or video that cannot be decoded (code 4)."
              },
              "429": {
                "$ref": "#/components/responses/StreamError",
                "description": "Past the caller's fair use (code 9), with `Retry-After`."
              },
              "507": {
                "$ref": "#/components/responses/StreamError",
                "description": "Out of storage space, or past the caller's stored bytes (code -1)."
              },
              "401": {
                "$ref": "#/components/responses/StreamError",
                "description": "Stream's authentication failed: `api_key` missing or not the app's (code 2), an expired token (40), one not valid yet (41), a bad signature or an algorithm other than HS256 (43), anything else (5)."
              },
              "404": {
                "$ref": "#/components/responses/StreamError",
                "description": "Unreachable: without `KILN_STREAM_API_KEY` and `KILN_STREAM_API_SECRET` these routes do not exist (a plain Kiln 404)."
              },
              "503": {
                "$ref": "#/components/responses/StreamError",
                "description": "A store is down or slow; `Retry-After: 5`."
              }
            }
          },
          "delete": {
            "operationId": "streamDeleteFile",
            "tags": [
              "stream"
            ],
            "summary": "Delete a file by its URL (Stream's `delete_file`)",
            "description": "Deletes the file a download URL Kiln issued names; its uploader's token or the app's server may.",
            "security": [
              {
                "streamKey": [],
                "streamToken": [],
                "streamAuthType": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              },
              {
                "name": "url",
                "in": "query",
                "required": true,
                "description": "A URL Kiln issued: `fileUrl`, `signedUrl`, or a size's or rendition's.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Deleted.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/StreamAnswer"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/StreamError",
                "description": "No `url`, a URL Kiln did not issue (code 4)."
              },
              "403": {
                "$ref": "#/components/responses/StreamError",
                "description": "Another user's file (code 17)."
              },
              "410": {
                "$ref": "#/components/responses/StreamError",
                "description": "Already deleted (code 16)."
              },
              "401": {
                "$ref": "#/components/responses/StreamError",
                "description": "Stream's authentication failed: `api_key` missing or not the app's (code 2), an expired token (40), one not valid yet (41), a bad signature or an algorithm other than HS256 (43), anything else (5)."
              },
              "404": {
                "$ref": "#/components/responses/StreamError",
                "description": "Unreachable: without `KILN_STREAM_API_KEY` and `KILN_STREAM_API_SECRET` these routes do not exist (a plain Kiln 404)."
              },
              "503": {
                "$ref": "#/components/responses/StreamError",
                "description": "A store is down or slow; `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v2/uploads/image": {
          "post": {
            "operationId": "streamUploadImage",
            "tags": [
              "stream"
            ],
            "summary": "Upload a image (Stream's `upload_image`)",
            "description": "As `upload_file`, for images (the app's `image_upload_config`); the image gets Kiln's sizes and BlurHash.",
            "security": [
              {
                "streamKey": [],
                "streamToken": [],
                "streamAuthType": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "multipart/form-data": {
                  "schema": {
                    "type": "object",
                    "required": [
                      "file"
                    ],
                    "properties": {
                      "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "The file, streamed."
                      },
                      "user": {
                        "type": "string",
                        "description": "JSON `{\"id\": \"<user id>\"}`: with the server's token, the user the upload is for; with a user's token, that user or absent."
                      },
                      "upload_sizes": {
                        "type": "string",
                        "description": "JSON array (or `null`) of at most 16 sizes `{\"width\", \"height\", \"resize\", \"crop\"}` (any of them null; `resize` clip, crop, fill or scale, `crop` center, top, bottom, left or right), made before the answer as `w`/`h`/`resize`/`crop` would make them on request."
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Stored: an ordinary Kiln file.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/StreamUploadAnswer"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/StreamError",
                "description": "A malformed form, `user` field or `upload_sizes` (or sizes on a file that is not an image) (code 4)."
              },
              "403": {
                "$ref": "#/components/responses/StreamError",
                "description": "A user's token uploading for another user (code 17)."
              },
              "413": {
                "$ref": "#/components/responses/StreamError",
                "description": "Past the endpoint's limit or the app's `size_limit` (code 22); the connection is closed."
              },
              "415": {
                "$ref": "#/components/responses/StreamError",
                "description": "Not what the endpoint takes, or refused by the app's upload rules (code 4)."
              },
              "422": {
                "$ref": "#/components/responses/StreamError",
                "description": "An image or video that cannot be decoded (code 4)."
              },
              "429": {
                "$ref": "#/components/responses/StreamError",
                "description": "Past the caller's fair use (code 9), with `Retry-After`."
              },
              "507": {
                "$ref": "#/components/responses/StreamError",
                "description": "Out of storage space, or past the caller's stored bytes (code -1)."
              },
              "401": {
                "$ref": "#/components/responses/StreamError",
                "description": "Stream's authentication failed: `api_key` missing or not the app's (code 2), an expired token (40), one not valid yet (41), a bad signature or an algorithm other than HS256 (43), anything else (5)."
              },
              "404": {
                "$ref": "#/components/responses/StreamError",
                "description": "Unreachable: without `KILN_STREAM_API_KEY` and `KILN_STREAM_API_SECRET` these routes do not exist (a plain Kiln 404)."
              },
              "503": {
                "$ref": "#/components/responses/StreamError",
                "description": "A store is down or slow; `Retry-After: 5`."
              }
            }
          },
          "delete": {
            "operationId": "streamDeleteImage",
            "tags": [
              "stream"
            ],
            "summary": "Delete a image by its URL (Stream's `delete_image`)",
            "description": "Deletes the file a download URL Kiln issued names; its uploader's token or the app's server may. The file must be an image.",
            "security": [
              {
                "streamKey": [],
                "streamToken": [],
                "streamAuthType": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              },
              {
                "name": "url",
                "in": "query",
                "required": true,
                "description": "A URL Kiln issued: `fileUrl`, `signedUrl`, or a size's or rendition's.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Deleted.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/StreamAnswer"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/StreamError",
                "description": "No `url`, a URL Kiln did not issue, or a file that is not an image (code 4)."
              },
              "403": {
                "$ref": "#/components/responses/StreamError",
                "description": "Another user's file (code 17)."
              },
              "410": {
                "$ref": "#/components/responses/StreamError",
                "description": "Already deleted (code 16)."
              },
              "401": {
                "$ref": "#/components/responses/StreamError",
                "description": "Stream's authentication failed: `api_key` missing or not the app's (code 2), an expired token (40), one not valid yet (41), a bad signature or an algorithm other than HS256 (43), anything else (5)."
              },
              "404": {
                "$ref": "#/components/responses/StreamError",
                "description": "Unreachable: without `KILN_STREAM_API_KEY` and `KILN_STREAM_API_SECRET` these routes do not exist (a plain Kiln 404)."
              },
              "503": {
                "$ref": "#/components/responses/StreamError",
                "description": "A store is down or slow; `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v2/app": {
          "get": {
            "operationId": "streamGetApp",
            "tags": [
              "stream"
            ],
            "summary": "The app and its upload rules (Stream's `get_app`)",
            "description": "The app's server token only. Kiln keeps the upload rules; every other field is at its neutral value.",
            "security": [
              {
                "streamKey": [],
                "streamToken": [],
                "streamAuthType": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "The app.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/StreamAppAnswer"
                    }
                  }
                }
              },
              "403": {
                "$ref": "#/components/responses/StreamError",
                "description": "A user's token (code 17)."
              },
              "401": {
                "$ref": "#/components/responses/StreamError",
                "description": "Stream's authentication failed: `api_key` missing or not the app's (code 2), an expired token (40), one not valid yet (41), a bad signature or an algorithm other than HS256 (43), anything else (5)."
              },
              "404": {
                "$ref": "#/components/responses/StreamError",
                "description": "Unreachable: without `KILN_STREAM_API_KEY` and `KILN_STREAM_API_SECRET` these routes do not exist (a plain Kiln 404)."
              },
              "503": {
                "$ref": "#/components/responses/StreamError",
                "description": "A store is down or slow; `Retry-After: 5`."
              }
            }
          },
          "patch": {
            "operationId": "streamUpdateApp",
            "tags": [
              "stream"
            ],
            "summary": "Change the app's upload rules (Stream's `update_app`)",
            "description": "The app's server token only. Each config named replaces the one kept (a list left out is empty, `size_limit` left out 0); the other stays. Any other field is 400.",
            "security": [
              {
                "streamKey": [],
                "streamToken": [],
                "streamAuthType": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "properties": {
                      "file_upload_config": {
                        "$ref": "#/components/schemas/StreamUploadConfig"
                      },
                      "image_upload_config": {
                        "$ref": "#/components/schemas/StreamUploadConfig"
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Changed, for every node and every upload endpoint.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/StreamAnswer"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/StreamError",
                "description": "A field Kiln does not keep, or a malformed rule (code 4)."
              },
              "403": {
                "$ref": "#/components/responses/StreamError",
                "description": "A user's token (code 17)."
              },
              "401": {
                "$ref": "#/components/responses/StreamError",
                "description": "Stream's authentication failed: `api_key` missing or not the app's (code 2), an expired token (40), one not valid yet (41), a bad signature or an algorithm other than HS256 (43), anything else (5)."
              },
              "404": {
                "$ref": "#/components/responses/StreamError",
                "description": "Unreachable: without `KILN_STREAM_API_KEY` and `KILN_STREAM_API_SECRET` these routes do not exist (a plain Kiln 404)."
              },
              "503": {
                "$ref": "#/components/responses/StreamError",
                "description": "A store is down or slow; `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v1/rooms": {
          "get": {
            "operationId": "listRooms",
            "tags": [
              "operators",
              "rooms"
            ],
            "summary": "List rooms (operators)",
            "description": "Rooms in `roomId` order with how many recordings each holds, a page at a time. Page on with `after=<paging.next>` until `paging.next` is `null`. Admin tokens only.",
            "security": [
              {
                "bearer": [
                  "admin"
                ]
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "Rooms a page, 1 to 100.",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 100,
                  "default": 20
                }
              },
              {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Cursor: list the rooms whose id sorts after this one (the previous page's `paging.next`).",
                "schema": {
                  "$ref": "#/components/schemas/RoomId"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "One page.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/RoomPageEnvelope"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`limit` (a whole number from 1 to 100) or `after` (a roomId) is not valid."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token."
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "The token is not an admin's (`only an admin may do this`)."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v1/rooms/{roomId}/recordings": {
          "parameters": [
            {
              "$ref": "#/components/parameters/roomId"
            }
          ],
          "post": {
            "operationId": "registerRecording",
            "tags": [
              "rooms"
            ],
            "summary": "Register a room recording",
            "description": "A room service (role `service`) or an admin hands Kiln a recording of a live room, either uploaded with the registration (`multipart/form-data`, stored as a `network` video and transcoded like any, its row, job and registration in one transaction; admin or service only) or a `video` uploaded before (`application/json` naming its `fileId`; made `network`). Registering an existing file is allowed to an admin (any file); to a `service` token for a file of the user it acts for, named in `userId` (a service token's `sub` names the service, not a user); and to a `user` token for its own file, in a room its `rooms` claim names. The room exists from its first registration on; recordings keep their registration order.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "multipart/form-data": {
                  "schema": {
                    "$ref": "#/components/schemas/RecordingUploadForm"
                  },
                  "encoding": {
                    "file": {
                      "contentType": "application/octet-stream"
                    },
                    "files": {
                      "contentType": "application/octet-stream"
                    }
                  }
                },
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/RecordingRegistration"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Registered: where the recording sits, and its file.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/RoomRecording"
                    },
                    "examples": {
                      "Recording": {
                        "$ref": "#/components/examples/Recording"
                      }
                    }
                  }
                },
                "links": {
                  "GetRecordedRoom": {
                    "operationId": "getRecordedRoom",
                    "parameters": {
                      "roomId": "$response.body#/roomId"
                    },
                    "description": "Read the room back."
                  },
                  "WatchRecording": {
                    "operationId": "watchRecording",
                    "parameters": {
                      "roomId": "$response.body#/roomId",
                      "playbackId": "$response.body#/playbackId"
                    },
                    "description": "Watch it once it is transcoded."
                  },
                  "GetRecordingThumbnail": {
                    "operationId": "getRecordingThumbnail",
                    "parameters": {
                      "roomId": "$response.body#/roomId",
                      "playbackId": "$response.body#/playbackId"
                    },
                    "description": "Its poster."
                  },
                  "RemoveRecording": {
                    "operationId": "removeRecording",
                    "parameters": {
                      "roomId": "$response.body#/roomId",
                      "playbackId": "$response.body#/playbackId"
                    },
                    "description": "Remove it (admins)."
                  },
                  "GetRecordingFile": {
                    "operationId": "getFile",
                    "parameters": {
                      "fileId": "$response.body#/file/fileId"
                    },
                    "description": "Its file object."
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`roomId` is not 1 to 128 letters, digits, `-`, `_`, `.` or `:` (connection closed); `startedAt`/`endedAt` are not ISO 8601 instants with a time zone, or end before they start; JSON: the body is not an object, `fileId` is not a file id string, `startedAt`/`endedAt`/`userId` are not strings, a `service` token sent no `userId`; multipart: every refusal of an upload (see `POST /api/v4/videos`)."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token (answered before the body is read, connection closed)."
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "Multipart: neither an admin nor a `service` token (`only an admin or a service token may upload a recording; ...`; connection closed). JSON: a `service` token whose `userId` did not upload the file (`file ... was not uploaded by bob, for whom this service acts`); a `user` token that did not upload it (`... only its uploader may make it a recording`), that names another user in `userId`, or whose `rooms` claim does not name the room (`this token does not grant room ...`)."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "JSON: no live file with this `fileId`."
              },
              "409": {
                "$ref": "#/components/responses/Conflict",
                "description": "JSON: the file is not a `video` (`file ... is of type clip; only a video can be a recording`), or it is already a recording of this room."
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge",
                "description": "Multipart: the recording is over `KILN_MAX_VIDEO_BYTES` or the fields over 1 MiB; JSON: the body is over 64 KiB."
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType",
                "description": "The Content-Type is neither `multipart/form-data` nor `application/json` (connection closed), or the uploaded recording is not a video (as for `POST /api/v4/videos`)."
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent",
                "description": "Multipart: the recording cannot be read as a video or is over a video limit (as for `POST /api/v4/videos`)."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "A store is unavailable, or an S3 node's scratch space is full (`Retry-After: 5`)."
              },
              "507": {
                "$ref": "#/components/responses/InsufficientStorage",
                "description": "Multipart: the disk filled up while storing the recording."
              }
            }
          }
        },
        "/api/v1/rooms/{roomId}/recorded": {
          "parameters": [
            {
              "$ref": "#/components/parameters/roomId"
            }
          ],
          "get": {
            "operationId": "getRecordedRoom",
            "tags": [
              "rooms"
            ],
            "summary": "Read a room's recordings",
            "description": "A room's playback state, with signed watch, thumbnail and rendition links (each valid `KILN_SIGNED_URL_TTL` seconds). An admin or `service` token, or a `user` token whose `rooms` claim names the room (a signed URL does not open it). The token is checked before the room id, and whether it grants the room before the room is looked up.",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "The room.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/RecordedRoom"
                    },
                    "examples": {
                      "RecordedRoom": {
                        "$ref": "#/components/examples/RecordedRoom"
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/MalformedRequest",
                "description": "The request is not valid HTTP. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token."
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "A `user` token whose `rooms` claim does not name the room (`this token does not grant room ...: its rooms claim must name it`), whether or not the room exists."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No recording was ever registered in this room, or the id is malformed (`no room with id ...`)."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v1/rooms/{roomId}/recorded/{playbackId}/watch": {
          "parameters": [
            {
              "$ref": "#/components/parameters/roomId"
            }
          ],
          "get": {
            "operationId": "watchRecording",
            "tags": [
              "rooms"
            ],
            "summary": "Watch a recording",
            "description": "Redirects to a signed, expiring download link of one rendition of the recording (`/api/v3/files/{fileId}/download?resolution=...&exp=...&sig=...`, signed for exactly that rendition). Needs an admin or `service` token, a `user` token whose `rooms` claim names the room, or the signature Kiln put in the room's watch link (`recordedPlaybackInfos[].url`).",
            "security": [
              {
                "bearer": []
              },
              {
                "signedUrl": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/playbackId"
              },
              {
                "name": "resolution",
                "in": "query",
                "required": false,
                "description": "The rendition to watch; the best one (the largest ladder rung made, else `original`) without it. With a signature, only the exact query that was signed is accepted: Kiln's watch links carry none, so a player choosing a rendition uses a token.",
                "schema": {
                  "$ref": "#/components/schemas/RenditionName"
                }
              },
              {
                "$ref": "#/components/parameters/exp"
              },
              {
                "$ref": "#/components/parameters/sig"
              },
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "302": {
                "description": "To the rendition's signed download link.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Location": {
                    "$ref": "#/components/headers/Location"
                  },
                  "Cache-Control": {
                    "description": "Always `no-store`: the target is signed and expires.",
                    "schema": {
                      "type": "string",
                      "const": "no-store"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`resolution` is not a rendition name."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "Neither a valid bearer token nor a valid, unexpired signature over this path and exactly this query."
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "A `user` token whose `rooms` claim does not name the room (`this token does not grant room ...: its rooms claim must name it`)."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No such room or recording in it (malformed ids included), or the asked rendition was not made (`recording ... has no 1080p rendition`)."
              },
              "409": {
                "$ref": "#/components/responses/Conflict",
                "description": "The recording is not playable yet (`... is not playable yet (status: transcoding)`) or failed to transcode (`... failed to transcode: <reason>`)."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v1/rooms/{roomId}/recorded/{playbackId}/thumbnail": {
          "parameters": [
            {
              "$ref": "#/components/parameters/roomId"
            }
          ],
          "get": {
            "operationId": "getRecordingThumbnail",
            "tags": [
              "rooms"
            ],
            "summary": "A recording's poster",
            "description": "Redirects to a signed, expiring download link of the recording's poster (`/api/v3/files/{fileId}/download?size=poster&exp=...&sig=...`, a JPEG). Needs an admin or `service` token, a `user` token whose `rooms` claim names the room, or the signature Kiln put in the room's thumbnail link (`recordedPlaybackInfos[].thumbnailUrl`).",
            "security": [
              {
                "bearer": []
              },
              {
                "signedUrl": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/playbackId"
              },
              {
                "$ref": "#/components/parameters/exp"
              },
              {
                "$ref": "#/components/parameters/sig"
              },
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "302": {
                "description": "To the poster's signed download link.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Location": {
                    "$ref": "#/components/headers/Location"
                  },
                  "Cache-Control": {
                    "description": "Always `no-store`: the target is signed and expires.",
                    "schema": {
                      "type": "string",
                      "const": "no-store"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/MalformedRequest",
                "description": "The request is not valid HTTP. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "Neither a valid bearer token nor a valid, unexpired signature over this path and exactly this query."
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "A `user` token whose `rooms` claim does not name the room (`this token does not grant room ...: its rooms claim must name it`)."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "No such room or recording in it (malformed ids included), or the recording has no poster (`recording ... has no poster (status: ...)`)."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`."
              }
            }
          }
        },
        "/api/v1/rooms/{roomId}/recordings/{playbackId}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/roomId"
            },
            {
              "$ref": "#/components/parameters/playbackId"
            }
          ],
          "delete": {
            "operationId": "removeRecording",
            "tags": [
              "rooms"
            ],
            "summary": "Remove a recording (admins)",
            "description": "Removes a recording from its room; a file uploaded with the registration is deleted too (row and bytes), a file registered by id stays its uploader's. Its position is never given again. Admin tokens only; the token is checked before the ids.",
            "security": [
              {
                "bearer": [
                  "admin"
                ]
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "Removed.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/RemovedRecordingEnvelope"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/MalformedRequest",
                "description": "The request is not valid HTTP. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "No valid bearer token."
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "Not an admin (`only an admin may remove a recording`)."
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "The room has no such recording (malformed ids included)."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "500": {
                "$ref": "#/components/responses/InternalServerError",
                "description": "An unexpected failure; the cause is logged, never sent (`internal error`, or what failed without why)."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "The database or the blob store is down or does not answer in time (`...: storage is unavailable; try again shortly`), with `Retry-After: 5`."
              }
            }
          }
        },
        "/healthz": {
          "get": {
            "operationId": "getHealth",
            "tags": [
              "service"
            ],
            "summary": "Health check",
            "description": "200 when the metadata store and the blob store both answer. On every role (a worker node too). No authentication.",
            "security": [],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "This node can do its work.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    },
                    "examples": {
                      "ok": {
                        "value": {
                          "status": "ok"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/MalformedRequest",
                "description": "The request is not valid HTTP. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable",
                "description": "`metadata store is not answering` or `blob store is not answering`, with `Retry-After: 5`."
              }
            }
          }
        },
        "/metrics": {
          "get": {
            "operationId": "getMetrics",
            "tags": [
              "service"
            ],
            "summary": "Prometheus metrics",
            "description": "The Prometheus text exposition format (0.0.4) on every role, without authentication: Hummingbird's `hb_requests`, `http_server_request_duration`, `hb_request_errors`, `http_server_active_requests`, and Kiln's `kiln_uploads_total`, `kiln_received_bytes_total`, `kiln_served_bytes_total`, `kiln_image_processing_seconds`, `kiln_transcode_jobs` (counted from the database at each scrape; left out of date when it cannot be), `kiln_transcode_duration_seconds`, `kiln_transcodes_total`, `kiln_transcode_workers`, `kiln_store_errors_total`.",
            "security": [],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "The process's registry. `Content-Type: text/plain; version=0.0.4; charset=utf-8`.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Cache-Control": {
                    "description": "Always `no-store`.",
                    "schema": {
                      "type": "string",
                      "const": "no-store"
                    }
                  }
                },
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    },
                    "example": "# TYPE kiln_uploads_total counter\nkiln_uploads_total{type=\"file\",outcome=\"stored\"} 3\n# TYPE kiln_transcode_jobs gauge\nkiln_transcode_jobs{state=\"queued\"} 0\n"
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/MalformedRequest",
                "description": "The request is not valid HTTP. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              }
            }
          }
        },
        "/openapi.json": {
          "get": {
            "operationId": "getOpenAPIDocument",
            "tags": [
              "service"
            ],
            "summary": "This document",
            "description": "This OpenAPI document, as served by API nodes (`all`, `api`). No authentication.",
            "security": [],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "The OpenAPI 3.1 document.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Cache-Control": {
                    "description": "Always `no-cache`.",
                    "schema": {
                      "type": "string",
                      "const": "no-cache"
                    }
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "openapi",
                        "info",
                        "paths"
                      ]
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/MalformedRequest",
                "description": "The request is not valid HTTP. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              }
            }
          }
        },
        "/admin": {
          "get": {
            "operationId": "adminPage",
            "tags": [
              "admin"
            ],
            "summary": "The admin page",
            "description": "The operators' page: server-rendered HTML with no data in it; its script asks the API for everything with an admin token the operator pastes, kept in sessionStorage and never in a URL. Sent with a Content-Security-Policy that allows no inline script and no other origin than Kiln's own and its public URL.",
            "security": [
              {}
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "The admin page.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/MalformedRequest",
                "description": "The request is not valid HTTP. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              }
            }
          }
        },
        "/admin/admin.js": {
          "get": {
            "operationId": "adminScript",
            "tags": [
              "admin"
            ],
            "summary": "The admin page's script",
            "description": "Plain JavaScript, no build step.",
            "security": [
              {}
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "The admin page's script.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "text/javascript": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/MalformedRequest",
                "description": "The request is not valid HTTP. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              }
            }
          }
        },
        "/admin/admin.css": {
          "get": {
            "operationId": "adminStyle",
            "tags": [
              "admin"
            ],
            "summary": "The admin page's style sheet",
            "description": "Plain CSS.",
            "security": [
              {}
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/X-Request-Id"
              }
            ],
            "responses": {
              "200": {
                "description": "The admin page's style sheet.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "text/css": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/MalformedRequest",
                "description": "The request is not valid HTTP. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              },
              "431": {
                "$ref": "#/components/responses/RequestHeaderFieldsTooLarge",
                "description": "The request line and headers are larger than 64 KiB. Answered by the HTTP decoder before any route runs (no `X-Request-Id`), and the connection is closed."
              }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "FileId": {
            "type": "string",
            "pattern": "^[0-9a-f]{32}$",
            "description": "A file's public identifier: 32 lowercase hexadecimal digits (16 random bytes).",
            "examples": [
              "3f9c1d2e4b5a69788796a5b4c3d2e1f0"
            ]
          },
          "PlaybackId": {
            "type": "string",
            "pattern": "^[0-9a-f]{32}$",
            "description": "A room recording's public identifier: 32 lowercase hexadecimal digits.",
            "examples": [
              "9b2e47d1c0a85f3e6d7c8b9a0f1e2d3c"
            ]
          },
          "RoomId": {
            "type": "string",
            "pattern": "^[A-Za-z0-9._:-]{1,128}$",
            "minLength": 1,
            "maxLength": 128,
            "description": "A live room's identifier, chosen by the room service: 1 to 128 ASCII letters, digits, `-`, `_`, `.` or `:`.",
            "examples": [
              "room-42"
            ]
          },
          "FileType": {
            "type": "string",
            "enum": [
              "image",
              "file",
              "video",
              "audio",
              "clip"
            ],
            "description": "The kind of a stored file. `image` comes from `/api/v4/images`, `video` from `/api/v4/videos`, `clip` from `/api/v4/clips`; `/api/v4/files` and `/api/v3/files` store `file`, or `audio` when the bytes sniff as audio that libav decodes and that has no video stream. `video`, `clip` and `audio` go through transcoding."
          },
          "FileStatus": {
            "type": "string",
            "enum": [
              "uploaded",
              "transcoding",
              "transcoded",
              "transcodeFailed"
            ],
            "description": "`image` and `file` stay `uploaded`. `video`, `clip` and `audio` go `uploaded` -> `transcoding` (a worker leased the job) -> `transcoded` | `transcodeFailed`; an operator retry moves `transcodeFailed` (or, with `force`, `uploaded`/`transcoding`) back to `transcoding`."
          },
          "AccessType": {
            "type": "string",
            "enum": [
              "public",
              "network"
            ],
            "description": "`public`: anyone may read the file object and download the bytes. `network`: the file object needs a bearer token, and downloads need a token or a signed URL."
          },
          "FeedType": {
            "type": "string",
            "enum": [
              "post",
              "story",
              "clip",
              "chat",
              "message"
            ],
            "description": "Where the client means to show the file; stored and echoed, never interpreted."
          },
          "RenditionName": {
            "type": "string",
            "enum": [
              "1080p",
              "720p",
              "480p",
              "360p",
              "original"
            ],
            "description": "A transcoded rendition: the ladder rungs whose short side is at or below the source's (1080, 720, 480, 360) and `original` at the source's size. Audio has only `original` (AAC in MP4, `audio/mp4`)."
          },
          "Timestamp": {
            "type": "string",
            "format": "date-time",
            "description": "An instant in UTC, ISO 8601 with milliseconds, e.g. `2026-11-25T18:30:00.000Z`.",
            "examples": [
              "2026-11-25T18:30:00.000Z"
            ]
          },
          "StreamUploadAnswer": {
            "type": "object",
            "required": [
              "duration",
              "file"
            ],
            "properties": {
              "duration": {
                "type": "string",
                "description": "Server time, e.g. `1.23ms`."
              },
              "file": {
                "type": "string",
                "format": "uri",
                "description": "The download URL (signed for a network file)."
              },
              "thumb_url": {
                "type": "string",
                "format": "uri",
                "description": "The poster, when the file has one."
              },
              "upload_sizes": {
                "type": "array",
                "description": "An image's sizes made at upload, as asked for (`resize` and `crop` filled in with their defaults).",
                "items": {
                  "type": "object",
                  "properties": {
                    "width": {
                      "type": [
                        "integer",
                        "null"
                      ]
                    },
                    "height": {
                      "type": [
                        "integer",
                        "null"
                      ]
                    },
                    "resize": {
                      "type": "string"
                    },
                    "crop": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  }
                }
              }
            }
          },
          "StreamAnswer": {
            "type": "object",
            "required": [
              "duration"
            ],
            "additionalProperties": false,
            "properties": {
              "duration": {
                "type": "string"
              }
            }
          },
          "StreamUploadConfig": {
            "type": "object",
            "description": "An upload rule: extensions with their dot; MIME types `type/subtype` or `type/*`; `size_limit` in bytes, 0 for none.",
            "properties": {
              "size_limit": {
                "type": "integer",
                "minimum": 0
              },
              "allowed_file_extensions": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "maxItems": 100
              },
              "allowed_mime_types": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "maxItems": 100
              },
              "blocked_file_extensions": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "maxItems": 100
              },
              "blocked_mime_types": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "maxItems": 100
              }
            }
          },
          "StreamAppAnswer": {
            "type": "object",
            "required": [
              "duration",
              "app"
            ],
            "properties": {
              "duration": {
                "type": "string"
              },
              "app": {
                "type": "object",
                "required": [
                  "file_upload_config",
                  "image_upload_config",
                  "name"
                ],
                "properties": {
                  "file_upload_config": {
                    "$ref": "#/components/schemas/StreamUploadConfig"
                  },
                  "image_upload_config": {
                    "$ref": "#/components/schemas/StreamUploadConfig"
                  },
                  "name": {
                    "type": "string"
                  }
                }
              }
            }
          },
          "StreamError": {
            "type": "object",
            "description": "Stream's error shape, every key present (its SDKs require them all).",
            "required": [
              "code",
              "message",
              "StatusCode",
              "duration",
              "more_info",
              "details"
            ],
            "additionalProperties": false,
            "properties": {
              "code": {
                "type": "integer",
                "description": "Stream's code: 2, 4, 5, 9, 16, 17, 22, 23, 40, 41, 43 or -1."
              },
              "message": {
                "type": "string",
                "minLength": 1
              },
              "StatusCode": {
                "type": "integer",
                "minimum": 400,
                "maximum": 599
              },
              "duration": {
                "type": "string"
              },
              "more_info": {
                "type": "string"
              },
              "details": {
                "type": "array",
                "items": {
                  "type": "integer"
                }
              }
            }
          },
          "Error": {
            "type": "object",
            "description": "Every error Kiln answers, whatever the status (the router's own 404 for a path or method no route takes, and the decoder's 400/431, included). `message` says what went wrong, never a server path or library text.",
            "required": [
              "status",
              "code",
              "message"
            ],
            "additionalProperties": false,
            "properties": {
              "status": {
                "type": "string",
                "const": "error"
              },
              "code": {
                "type": "integer",
                "minimum": 400,
                "maximum": 599,
                "description": "The HTTP status code of the response, repeated."
              },
              "message": {
                "type": "string",
                "minLength": 1
              }
            },
            "examples": [
              {
                "status": "error",
                "code": 404,
                "message": "no file with id 3f9c1d2e4b5a69788796a5b4c3d2e1f0"
              }
            ]
          },
          "ExifValues": {
            "type": "object",
            "description": "The readable EXIF values of an image, each only when the image carries it.",
            "additionalProperties": true,
            "properties": {
              "Make": {
                "type": "string"
              },
              "Model": {
                "type": "string"
              },
              "Software": {
                "type": "string"
              },
              "LensModel": {
                "type": "string"
              },
              "DateTimeOriginal": {
                "type": "string",
                "description": "As the camera wrote it, e.g. `2024:05:01 10:20:30`."
              },
              "ExposureTime": {
                "type": "string",
                "description": "`1/250` below a second, else seconds, e.g. `2`."
              },
              "FNumber": {
                "type": "number",
                "description": "Rounded to 2 decimals."
              },
              "ISOSpeedRatings": {
                "type": "number"
              },
              "FocalLength": {
                "type": "number",
                "description": "Millimetres, rounded to 2 decimals."
              }
            }
          },
          "GpsPosition": {
            "type": "object",
            "description": "Where an image was taken; present only when it carries both latitude and longitude, and shown to the file's uploader and to admins only.",
            "additionalProperties": true,
            "properties": {
              "latitude": {
                "type": "number",
                "minimum": -90,
                "maximum": 90,
                "description": "Signed decimal degrees (south negative), 6 decimals."
              },
              "longitude": {
                "type": "number",
                "minimum": -180,
                "maximum": 180,
                "description": "Signed decimal degrees (west negative), 6 decimals."
              },
              "altitude": {
                "type": "number",
                "description": "Metres above sea level (negative below), 2 decimals."
              }
            }
          },
          "FileMetadata": {
            "type": "object",
            "additionalProperties": true,
            "description": "`attributes.metadata`: the keys the uploader set with `PUT` (`metadata`), with the keys Kiln measured on top (a measured key always wins over a client key of the same name). Every key is optional; which ones Kiln sets depends on the type:\n\n- **image**: `width`, `height` (as displayed, EXIF orientation applied), `orientation`, `hasAlpha`, `isFull`, `blurHash`, `frames` (animations only), `exif` and `gps` (when present).\n- **video** and **clip**: `width`, `height` (as displayed, rotation applied), `rotation`, `duration`, `frameRate`, `bitRate`, `videoCodec`, `audioCodec` (when it has sound), `hasAudio`; `blurHash` and `thumbnailUrl` once a poster frame exists (at upload, or made by the transcode when the upload had none); `progress` while `status` is `transcoding`; `failureReason` while it is `transcodeFailed`.\n- **audio**: `duration`, `bitRate`, `audioCodec`, `hasAudio` (true); `progress` while transcoding; `failureReason` while `transcodeFailed`.\n- **file**: `width` and `height` when the bytes are an image whose header libvips can read; nothing else.\n\nWhole numbers are always written without a fraction. `thumbnailUrl`, `progress` and `failureReason` are Kiln's alone: a client's value for them is kept out; any other key Kiln does not measure for a file may appear with the value the uploader set.",
            "properties": {
              "width": {
                "type": "integer",
                "description": "Pixels as displayed (image, video, clip; file when its image header is readable)."
              },
              "height": {
                "type": "integer",
                "description": "Pixels as displayed (image, video, clip; file when its image header is readable)."
              },
              "orientation": {
                "type": "integer",
                "minimum": 1,
                "maximum": 8,
                "description": "Image only: the EXIF orientation of the upload (1 when absent); every served size is upright."
              },
              "hasAlpha": {
                "type": "boolean",
                "description": "Image only."
              },
              "isFull": {
                "type": "boolean",
                "description": "Image only: whether `size=full` is the original resolution (`fullImage=true` at upload) or the same as `large`."
              },
              "frames": {
                "type": "integer",
                "minimum": 2,
                "description": "Image only, animations only: the number of frames."
              },
              "blurHash": {
                "type": "string",
                "description": "BlurHash of 4x3 components (28 characters): images, and videos/clips with a poster frame."
              },
              "exif": {
                "$ref": "#/components/schemas/ExifValues"
              },
              "gps": {
                "$ref": "#/components/schemas/GpsPosition"
              },
              "rotation": {
                "type": "integer",
                "enum": [
                  0,
                  90,
                  180,
                  270
                ],
                "description": "Video/clip only: clockwise degrees a player turns the stored frames."
              },
              "duration": {
                "type": "number",
                "minimum": 0,
                "description": "Video, clip, audio: running time in seconds, 3 decimals."
              },
              "frameRate": {
                "type": "number",
                "minimum": 0,
                "description": "Video/clip only: frames a second, 3 decimals."
              },
              "bitRate": {
                "type": "integer",
                "minimum": 0,
                "description": "Video, clip, audio: bits a second of the container."
              },
              "videoCodec": {
                "type": "string",
                "description": "Video/clip only: libav's codec name, e.g. `h264`, `hevc`, `vp9`."
              },
              "audioCodec": {
                "type": "string",
                "description": "Video/clip with sound, audio: libav's codec name, e.g. `aac`, `opus`, `mp3`."
              },
              "hasAudio": {
                "type": "boolean",
                "description": "Video, clip, audio."
              },
              "thumbnailUrl": {
                "type": "string",
                "format": "uri",
                "description": "Video/clip with a poster: `<base>/api/v3/files/{fileId}/download?size=poster` (a JPEG); for a `network` file signed for exactly that query (`&exp=...&sig=...`)."
              },
              "progress": {
                "type": "integer",
                "minimum": 0,
                "maximum": 100,
                "description": "Video, clip, audio while `status` is `transcoding`: percent done of the current attempt."
              },
              "failureReason": {
                "type": "string",
                "description": "Video, clip, audio while `status` is `transcodeFailed`: why the last attempt failed."
              }
            }
          },
          "FileAttributes": {
            "type": "object",
            "required": [
              "name",
              "extension",
              "size",
              "mimeType",
              "metadata"
            ],
            "additionalProperties": false,
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1,
                "description": "`preferredFilename`, else the client's file name, cleaned: last path component only, no control or format characters, trimmed, at most 255 characters; `file` when nothing usable is left."
              },
              "extension": {
                "type": "string",
                "description": "From the sniffed bytes, never the name (`jpg`, `png`, `mp4`, `txt`, `bin` ...)."
              },
              "size": {
                "type": "integer",
                "format": "int64",
                "minimum": 1,
                "description": "Bytes of the upload as received."
              },
              "mimeType": {
                "type": "string",
                "description": "From the sniffed bytes, never the client's Content-Type (`application/octet-stream` when unknown)."
              },
              "metadata": {
                "$ref": "#/components/schemas/FileMetadata"
              }
            }
          },
          "FileObject": {
            "type": "object",
            "description": "A stored file as the reference file API presents it. Optional fields are left out, never `null`, when they have no value: `signedUrl` (only for a `network` file that is not deleted), `altText`, `feedType`, and `videoUrl` (only for `video` and `clip`, where it is always present: `{}` until renditions exist).",
            "required": [
              "fileId",
              "fileUrl",
              "type",
              "accessType",
              "status",
              "attributes",
              "isDeleted",
              "createdAt",
              "updatedAt"
            ],
            "additionalProperties": false,
            "properties": {
              "fileId": {
                "$ref": "#/components/schemas/FileId"
              },
              "fileUrl": {
                "type": "string",
                "format": "uri",
                "description": "`<KILN_PUBLIC_URL>/api/v3/files/{fileId}/download`, never signed."
              },
              "signedUrl": {
                "type": "string",
                "format": "uri",
                "description": "`network` files that are not deleted only: the download URL with `exp` and `sig`, a grant for the whole file (the client may append `&size=...` or `&resolution=...`). Valid for `KILN_SIGNED_URL_TTL` seconds (3600 by default) from when the object was rendered."
              },
              "type": {
                "$ref": "#/components/schemas/FileType"
              },
              "accessType": {
                "$ref": "#/components/schemas/AccessType"
              },
              "altText": {
                "type": "string",
                "description": "At most 180 characters. Absent when not set."
              },
              "feedType": {
                "$ref": "#/components/schemas/FeedType"
              },
              "status": {
                "$ref": "#/components/schemas/FileStatus"
              },
              "hlsUrl": {
                "type": "string",
                "format": "uri",
                "description": "Video and clip only: the adaptive HLS master playlist (`<base>/api/v3/files/{fileId}/hls/master.m3u8`), present from the moment the first segment of every rung exists, while `status` is still `transcoding`, and once `transcoded`. For a `network` file it carries a grant (`exp`, `sig`) of the file's whole HLS tree, which the playlists hand on to every URI in them."
              },
              "videoUrl": {
                "type": "object",
                "description": "Video and clip only (absent for other types): the URL of every rendition made so far, by name (`<base>/api/v3/files/{fileId}/download?resolution=720p`; for a `network` file each signed for exactly its query). `{}` until the file is transcoded.",
                "propertyNames": {
                  "enum": [
                    "1080p",
                    "720p",
                    "480p",
                    "360p",
                    "original"
                  ]
                },
                "additionalProperties": {
                  "type": "string",
                  "format": "uri"
                }
              },
              "attributes": {
                "$ref": "#/components/schemas/FileAttributes"
              },
              "isDeleted": {
                "type": "boolean",
                "description": "True once deleted: the object stays readable, its downloads answer 410."
              },
              "createdAt": {
                "$ref": "#/components/schemas/Timestamp"
              },
              "updatedAt": {
                "$ref": "#/components/schemas/Timestamp"
              }
            }
          },
          "UploadedFiles": {
            "type": "array",
            "description": "The `/api/v4/...` upload answer: an array holding the one stored file's object.",
            "minItems": 1,
            "maxItems": 1,
            "items": {
              "$ref": "#/components/schemas/FileObject"
            }
          },
          "UploadedFilesEnvelope": {
            "type": "object",
            "description": "The `/api/v3/files` upload answer: the same array in the v3 success envelope.",
            "required": [
              "status",
              "data"
            ],
            "additionalProperties": false,
            "properties": {
              "status": {
                "type": "string",
                "const": "success"
              },
              "data": {
                "$ref": "#/components/schemas/UploadedFiles"
              }
            }
          },
          "FileObjectEnvelope": {
            "type": "object",
            "required": [
              "status",
              "data"
            ],
            "additionalProperties": false,
            "properties": {
              "status": {
                "type": "string",
                "const": "success"
              },
              "data": {
                "$ref": "#/components/schemas/FileObject"
              }
            }
          },
          "DeletedFileEnvelope": {
            "type": "object",
            "required": [
              "status",
              "data"
            ],
            "additionalProperties": false,
            "properties": {
              "status": {
                "type": "string",
                "const": "success"
              },
              "data": {
                "type": "object",
                "required": [
                  "fileId"
                ],
                "additionalProperties": false,
                "properties": {
                  "fileId": {
                    "$ref": "#/components/schemas/FileId"
                  }
                }
              }
            },
            "examples": [
              {
                "status": "success",
                "data": {
                  "fileId": "3f9c1d2e4b5a69788796a5b4c3d2e1f0"
                }
              }
            ]
          },
          "FilePage": {
            "type": "object",
            "description": "One page of the operator listing, in `fileId` order (deleted files left out).",
            "required": [
              "files",
              "paging"
            ],
            "additionalProperties": false,
            "properties": {
              "files": {
                "type": "array",
                "maxItems": 100,
                "items": {
                  "$ref": "#/components/schemas/FileObject"
                }
              },
              "paging": {
                "type": "object",
                "required": [
                  "next"
                ],
                "additionalProperties": false,
                "properties": {
                  "next": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "pattern": "^[0-9a-f]{32}$",
                    "description": "The `after` of the next page: the last `fileId` of this page when more files follow it, `null` on the last page."
                  }
                }
              }
            }
          },
          "FilePageEnvelope": {
            "type": "object",
            "required": [
              "status",
              "data"
            ],
            "additionalProperties": false,
            "properties": {
              "status": {
                "type": "string",
                "const": "success"
              },
              "data": {
                "$ref": "#/components/schemas/FilePage"
              }
            }
          },
          "FileChanges": {
            "type": "object",
            "description": "The fields a `PUT` may change; an absent key leaves its value alone, other keys are ignored. The body must be a JSON object of at most 64 KiB.",
            "additionalProperties": true,
            "properties": {
              "altText": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 180,
                "description": "At most 180 characters (grapheme clusters); `null` clears it."
              },
              "accessType": {
                "$ref": "#/components/schemas/AccessType"
              },
              "metadata": {
                "type": "object",
                "additionalProperties": true,
                "description": "Replaces every key the uploader set before (Kiln's measured keys stay, and win over client keys of the same name). Its compact JSON must fit in 5 KiB (5120 bytes)."
              }
            },
            "examples": [
              {
                "altText": "hello again",
                "metadata": {
                  "album": "demo"
                }
              }
            ]
          },
          "TranscodeRetry": {
            "type": "object",
            "description": "Optional body of an operator retry; an empty body is `{}`. Other keys are ignored.",
            "additionalProperties": true,
            "properties": {
              "force": {
                "type": [
                  "boolean",
                  "null"
                ],
                "default": false,
                "description": "Also restart a file that is still `uploaded` or `transcoding` (a stuck job). `null` or absent: false."
              }
            }
          },
          "FileUploadForm": {
            "type": "object",
            "description": "A `multipart/form-data` body, streamed: the file part goes to storage as it arrives. Every field is a text part of at most 16 KiB (else 400) that must be valid UTF-8; fields, part headers and parts Kiln does not know may add up to 1 MiB beside the file (else 413). Unknown fields are ignored. The Content-Type header must be `multipart/form-data` with a `boundary` of 1 to 200 printable ASCII characters.",
            "required": [
              "file"
            ],
            "properties": {
              "file": {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "description": "Any bytes. Exactly one file part per request; its size is limited by `KILN_MAX_FILE_BYTES` (1 GiB by default) and it must not be empty. The part's `filename` (or RFC 5987 `filename*`) becomes `attributes.name` unless `preferredFilename` is given; its Content-Type is ignored."
              },
              "files": {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "deprecated": true,
                "description": "Deprecated alias of `file`, taken in its place. Sending both (or two of either) is 400."
              },
              "accessType": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/AccessType"
                  }
                ],
                "default": "public",
                "description": "`public` (the default) or `network`. Empty counts as absent."
              },
              "altText": {
                "type": "string",
                "maxLength": 180,
                "description": "At most 180 characters (grapheme clusters). Empty counts as absent."
              },
              "preferredFilename": {
                "type": "string",
                "maxLength": 1024,
                "description": "Stored as `attributes.name` instead of the part's file name: at most 1024 characters, then cleaned (last path component, no control characters, trimmed, at most 255 kept); 400 when nothing usable is left. Empty counts as absent."
              },
              "feedType": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/FeedType"
                  }
                ],
                "description": "Optional. Empty counts as absent."
              },
              "fullImage": {
                "type": "boolean",
                "description": "Accepted and checked on every upload (`true`, `false`, `1`, `0`, case-insensitive; anything else is 400), but only `/api/v4/images` uses it."
              }
            }
          },
          "ImageUploadForm": {
            "type": "object",
            "description": "A `multipart/form-data` body, streamed: the file part goes to storage as it arrives. Every field is a text part of at most 16 KiB (else 400) that must be valid UTF-8; fields, part headers and parts Kiln does not know may add up to 1 MiB beside the file (else 413). Unknown fields are ignored. The Content-Type header must be `multipart/form-data` with a `boundary` of 1 to 200 printable ASCII characters.",
            "required": [
              "file"
            ],
            "properties": {
              "file": {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "description": "JPEG, PNG, GIF (also animated), WebP (also animated), HEIC/HEIF, AVIF or TIFF, judged from the bytes. Exactly one file part per request; its size is limited by `KILN_MAX_IMAGE_BYTES` (100 MiB by default) and it must not be empty. The part's `filename` (or RFC 5987 `filename*`) becomes `attributes.name` unless `preferredFilename` is given; its Content-Type is ignored."
              },
              "files": {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "deprecated": true,
                "description": "Deprecated alias of `file`, taken in its place. Sending both (or two of either) is 400."
              },
              "accessType": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/AccessType"
                  }
                ],
                "default": "public",
                "description": "`public` (the default) or `network`. Empty counts as absent."
              },
              "altText": {
                "type": "string",
                "maxLength": 180,
                "description": "At most 180 characters (grapheme clusters). Empty counts as absent."
              },
              "preferredFilename": {
                "type": "string",
                "maxLength": 1024,
                "description": "Stored as `attributes.name` instead of the part's file name: at most 1024 characters, then cleaned (last path component, no control characters, trimmed, at most 255 kept); 400 when nothing usable is left. Empty counts as absent."
              },
              "feedType": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/FeedType"
                  }
                ],
                "description": "Optional. Empty counts as absent."
              },
              "fullImage": {
                "type": "boolean",
                "default": false,
                "description": "`true`/`1`: keep the original resolution as `size=full`; `false`/`0` (the default): `full` is served from `large` (1500 px). Case-insensitive; anything else is 400. Empty counts as absent."
              }
            }
          },
          "VideoUploadForm": {
            "type": "object",
            "description": "A `multipart/form-data` body, streamed: the file part goes to storage as it arrives. Every field is a text part of at most 16 KiB (else 400) that must be valid UTF-8; fields, part headers and parts Kiln does not know may add up to 1 MiB beside the file (else 413). Unknown fields are ignored. The Content-Type header must be `multipart/form-data` with a `boundary` of 1 to 200 printable ASCII characters.",
            "required": [
              "file"
            ],
            "properties": {
              "file": {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "description": "Anything libav decodes that has a video stream (MP4, MOV, 3GP, WebM, MKV, AVI, TS ...). Exactly one file part per request; its size is limited by `KILN_MAX_VIDEO_BYTES` (2 GiB by default) and it must not be empty. The part's `filename` (or RFC 5987 `filename*`) becomes `attributes.name` unless `preferredFilename` is given; its Content-Type is ignored."
              },
              "files": {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "deprecated": true,
                "description": "Deprecated alias of `file`, taken in its place. Sending both (or two of either) is 400."
              },
              "accessType": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/AccessType"
                  }
                ],
                "default": "public",
                "description": "`public` (the default) or `network`. Empty counts as absent."
              },
              "altText": {
                "type": "string",
                "maxLength": 180,
                "description": "At most 180 characters (grapheme clusters). Empty counts as absent."
              },
              "preferredFilename": {
                "type": "string",
                "maxLength": 1024,
                "description": "Stored as `attributes.name` instead of the part's file name: at most 1024 characters, then cleaned (last path component, no control characters, trimmed, at most 255 kept); 400 when nothing usable is left. Empty counts as absent."
              },
              "feedType": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/FeedType"
                  }
                ],
                "description": "Optional. Empty counts as absent."
              },
              "fullImage": {
                "type": "boolean",
                "description": "Accepted and checked on every upload (`true`, `false`, `1`, `0`, case-insensitive; anything else is 400), but only `/api/v4/images` uses it."
              }
            }
          },
          "RecordingUploadForm": {
            "type": "object",
            "description": "A `multipart/form-data` body, streamed: the file part goes to storage as it arrives. Every field is a text part of at most 16 KiB (else 400) that must be valid UTF-8; fields, part headers and parts Kiln does not know may add up to 1 MiB beside the file (else 413). Unknown fields are ignored. The Content-Type header must be `multipart/form-data` with a `boundary` of 1 to 200 printable ASCII characters.",
            "required": [
              "file"
            ],
            "properties": {
              "file": {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "description": "The recording: anything libav decodes that has a video stream. Exactly one file part per request; its size is limited by `KILN_MAX_VIDEO_BYTES` (2 GiB by default) and it must not be empty. The part's `filename` (or RFC 5987 `filename*`) becomes `attributes.name` unless `preferredFilename` is given; its Content-Type is ignored."
              },
              "files": {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "deprecated": true,
                "description": "Deprecated alias of `file`, taken in its place. Sending both (or two of either) is 400."
              },
              "accessType": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/AccessType"
                  }
                ],
                "description": "Validated like any upload's (400 when not `public` or `network`), but ignored: a recording is always `network`."
              },
              "altText": {
                "type": "string",
                "maxLength": 180,
                "description": "At most 180 characters (grapheme clusters). Empty counts as absent."
              },
              "preferredFilename": {
                "type": "string",
                "maxLength": 1024,
                "description": "Stored as `attributes.name` instead of the part's file name: at most 1024 characters, then cleaned (last path component, no control characters, trimmed, at most 255 kept); 400 when nothing usable is left. Empty counts as absent."
              },
              "feedType": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/FeedType"
                  }
                ],
                "description": "Optional. Empty counts as absent."
              },
              "startedAt": {
                "type": "string",
                "format": "date-time",
                "description": "When the live session started: ISO 8601 with a time zone, with or without fractional seconds. Empty counts as absent."
              },
              "endedAt": {
                "type": "string",
                "format": "date-time",
                "description": "When it ended; must not be before `startedAt`. Empty counts as absent."
              },
              "fullImage": {
                "type": "boolean",
                "description": "Accepted and checked on every upload (`true`, `false`, `1`, `0`, case-insensitive; anything else is 400), but only `/api/v4/images` uses it."
              }
            }
          },
          "RecordingRegistration": {
            "type": "object",
            "description": "Registers a video uploaded earlier (type `video`; clips are refused) as a recording of the room. It becomes `network`. Other keys are ignored.",
            "required": [
              "fileId"
            ],
            "additionalProperties": true,
            "properties": {
              "fileId": {
                "$ref": "#/components/schemas/FileId"
              },
              "startedAt": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "ISO 8601 with a time zone; `null` or empty counts as absent."
              },
              "endedAt": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "Must not be before `startedAt`; `null` or empty counts as absent."
              },
              "userId": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The user a `service` token acts for (required from a service); the file must be theirs. A `user` token may only name itself; an admin's is not looked at."
              }
            },
            "examples": [
              {
                "fileId": "3f9c1d2e4b5a69788796a5b4c3d2e1f0",
                "startedAt": "2026-11-25T18:00:00Z",
                "endedAt": "2026-11-25T18:30:00Z"
              }
            ]
          },
          "RoomRecording": {
            "type": "object",
            "description": "A registered recording: where it sits in its room, and its file (always a `network` video). `startedAt` and `endedAt` are left out when not given.",
            "required": [
              "roomId",
              "playbackId",
              "position",
              "file"
            ],
            "additionalProperties": false,
            "properties": {
              "roomId": {
                "$ref": "#/components/schemas/RoomId"
              },
              "playbackId": {
                "$ref": "#/components/schemas/PlaybackId"
              },
              "position": {
                "type": "integer",
                "minimum": 1,
                "description": "1 for the room's first registration, then counting up; never reused, even after a removal."
              },
              "startedAt": {
                "$ref": "#/components/schemas/Timestamp"
              },
              "endedAt": {
                "$ref": "#/components/schemas/Timestamp"
              },
              "file": {
                "$ref": "#/components/schemas/FileObject"
              }
            }
          },
          "RecordedRoomStatus": {
            "type": "string",
            "enum": [
              "ended",
              "recorded",
              "error"
            ],
            "description": "`error` as soon as one recording is `transcodeFailed`; else `recorded` when there is at least one recording and every one is `transcoded`; else `ended` (still on their way, or none)."
          },
          "PlaybackInfo": {
            "type": "object",
            "description": "One recording of a room, for a player. Fields without a value are left out, never `null`.",
            "required": [
              "playbackId",
              "fileId",
              "status"
            ],
            "additionalProperties": false,
            "properties": {
              "playbackId": {
                "$ref": "#/components/schemas/PlaybackId"
              },
              "fileId": {
                "$ref": "#/components/schemas/FileId"
              },
              "url": {
                "type": "string",
                "format": "uri",
                "description": "Once the recording is `transcoded`: its signed watch link, `<base>/api/v1/rooms/{roomId}/recorded/{playbackId}/watch?exp=...&sig=...`."
              },
              "thumbnailUrl": {
                "type": "string",
                "format": "uri",
                "description": "Once it has a poster: its signed thumbnail link, `.../recorded/{playbackId}/thumbnail?exp=...&sig=...`."
              },
              "hlsUrl": {
                "type": "string",
                "format": "uri",
                "description": "Once playable (possibly while still `transcoding`): the HLS master playlist with a grant of the recording's HLS tree."
              },
              "durationSeconds": {
                "type": "number",
                "minimum": 0,
                "description": "The probed running time, when known."
              },
              "status": {
                "$ref": "#/components/schemas/FileStatus"
              },
              "failureReason": {
                "type": "string",
                "description": "While `transcodeFailed`: why."
              },
              "startedAt": {
                "$ref": "#/components/schemas/Timestamp"
              },
              "endedAt": {
                "$ref": "#/components/schemas/Timestamp"
              }
            }
          },
          "RecordedRoom": {
            "type": "object",
            "description": "A room's playback state in the reference API's shape. Recordings whose file was deleted are left out.",
            "required": [
              "roomId",
              "status",
              "durationSeconds",
              "recordedUrls",
              "recordedPlaybackInfos"
            ],
            "additionalProperties": false,
            "properties": {
              "roomId": {
                "$ref": "#/components/schemas/RoomId"
              },
              "status": {
                "$ref": "#/components/schemas/RecordedRoomStatus"
              },
              "recordedAt": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/Timestamp"
                  }
                ],
                "description": "The latest `endedAt` of its recordings (a recording without one counts from its registration). Left out while the room has no recording."
              },
              "durationSeconds": {
                "type": "number",
                "minimum": 0,
                "description": "The sum of the recordings' probed durations."
              },
              "recordedUrls": {
                "type": "array",
                "description": "For every `transcoded` recording, in the room's order: a download URL of its best rendition (the largest ladder rung, else `original`), signed for exactly that rendition.",
                "items": {
                  "type": "string",
                  "format": "uri"
                }
              },
              "recordedPlaybackInfos": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/PlaybackInfo"
                },
                "description": "Every recording, in position order."
              }
            }
          },
          "RemovedRecordingEnvelope": {
            "type": "object",
            "required": [
              "status",
              "data"
            ],
            "additionalProperties": false,
            "properties": {
              "status": {
                "type": "string",
                "const": "success"
              },
              "data": {
                "type": "object",
                "required": [
                  "playbackId"
                ],
                "additionalProperties": false,
                "properties": {
                  "playbackId": {
                    "$ref": "#/components/schemas/PlaybackId"
                  }
                }
              }
            }
          },
          "RoomPage": {
            "type": "object",
            "description": "One page of the operator room listing, in `roomId` order.",
            "required": [
              "rooms",
              "paging"
            ],
            "additionalProperties": false,
            "properties": {
              "rooms": {
                "type": "array",
                "maxItems": 100,
                "items": {
                  "type": "object",
                  "required": [
                    "roomId",
                    "recordings",
                    "createdAt"
                  ],
                  "additionalProperties": false,
                  "properties": {
                    "roomId": {
                      "$ref": "#/components/schemas/RoomId"
                    },
                    "recordings": {
                      "type": "integer",
                      "minimum": 0,
                      "description": "Registered recordings the room holds now (removed ones not counted; recordings whose file was deleted through `DELETE /api/v3/files/{fileId}` still are, though the room's `recordedPlaybackInfos` leaves them out)."
                    },
                    "createdAt": {
                      "allOf": [
                        {
                          "$ref": "#/components/schemas/Timestamp"
                        }
                      ],
                      "description": "The room's first registration."
                    }
                  }
                }
              },
              "paging": {
                "type": "object",
                "required": [
                  "next"
                ],
                "additionalProperties": false,
                "properties": {
                  "next": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "pattern": "^[A-Za-z0-9._:-]{1,128}$",
                    "description": "The `after` of the next page: the last `roomId` of this page when more rooms follow it, `null` on the last page."
                  }
                }
              }
            }
          },
          "RoomPageEnvelope": {
            "type": "object",
            "required": [
              "status",
              "data"
            ],
            "additionalProperties": false,
            "properties": {
              "status": {
                "type": "string",
                "const": "success"
              },
              "data": {
                "$ref": "#/components/schemas/RoomPage"
              }
            },
            "examples": [
              {
                "status": "success",
                "data": {
                  "rooms": [
                    {
                      "roomId": "room-42",
                      "recordings": 2,
                      "createdAt": "2026-11-25T18:30:00.000Z"
                    }
                  ],
                  "paging": {
                    "next": null
                  }
                }
              }
            ]
          },
          "Health": {
            "type": "object",
            "required": [
              "status"
            ],
            "additionalProperties": false,
            "properties": {
              "status": {
                "type": "string",
                "const": "ok"
              }
            }
          }
        },
        "responses": {
          "TusVersionMismatch": {
            "description": "No `Tus-Resumable: 1.0.0`: this server speaks tus 1.0.0 (`Tus-Version`). The connection is closed.",
            "headers": {
              "Tus-Resumable": {
                "$ref": "#/components/headers/Tus-Resumable"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Tus-Version": {
                "schema": {
                  "type": "string"
                },
                "description": "`1.0.0`."
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "TusLocked": {
            "description": "Another request held the upload and did not let go within twice the lease (`Retry-After: 1`): a node that died holding it frees it within 10 s.",
            "headers": {
              "Tus-Resumable": {
                "$ref": "#/components/headers/Tus-Resumable"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "TusChecksumMismatch": {
            "description": "The chunk's bytes do not match `Upload-Checksum`; the chunk is dropped and the offset is as before.",
            "headers": {
              "Tus-Resumable": {
                "$ref": "#/components/headers/Tus-Resumable"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "StreamError": {
            "description": "An error of Stream's file API, in Stream's shape.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/StreamError"
                }
              }
            }
          },
          "BadRequest": {
            "description": "A field, query parameter or body Kiln cannot take.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Connection": {
                "$ref": "#/components/headers/Connection"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "MalformedRequest": {
            "description": "The request is not valid HTTP; answered by the HTTP decoder, connection closed.",
            "headers": {
              "Connection": {
                "$ref": "#/components/headers/Connection"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "Unauthorized": {
            "description": "No valid credential: no `Authorization: Bearer` token (`an Authorization: Bearer token is required`), a token that is not a valid HS256 token of Kiln's secret (`token is not valid`, `token has expired`, `token is not valid yet`, `token has an empty subject`), or, where a signed URL is accepted, a missing, altered or expired signature (`a token or a signed URL is required`, `URL signature is not valid`, `signed URL has expired`).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Connection": {
                "$ref": "#/components/headers/Connection"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "examples": {
                  "UnauthorizedError": {
                    "$ref": "#/components/examples/UnauthorizedError"
                  }
                }
              }
            }
          },
          "Forbidden": {
            "description": "A valid token whose caller may not do this.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Connection": {
                "$ref": "#/components/headers/Connection"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "NotFound": {
            "description": "Nothing by that id (a malformed id names nothing either).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "examples": {
                  "NotFoundError": {
                    "$ref": "#/components/examples/NotFoundError"
                  }
                }
              }
            }
          },
          "Gone": {
            "description": "The file has been deleted (`file ... has been deleted`).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "Conflict": {
            "description": "The request does not fit the current state.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "examples": {
                  "ConflictError": {
                    "$ref": "#/components/examples/ConflictError"
                  }
                }
              }
            }
          },
          "ContentTooLarge": {
            "description": "The body is over its limit.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Connection": {
                "$ref": "#/components/headers/Connection"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "examples": {
                  "TooLargeError": {
                    "$ref": "#/components/examples/TooLargeError"
                  }
                }
              }
            }
          },
          "UnsupportedMediaType": {
            "description": "The body is not of a kind this endpoint takes.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Connection": {
                "$ref": "#/components/headers/Connection"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "examples": {
                  "WrongKindError": {
                    "$ref": "#/components/examples/WrongKindError"
                  }
                }
              }
            }
          },
          "RangeNotSatisfiable": {
            "description": "A syntactically valid single `bytes=` range that starts at or past the end (or a `-0` suffix).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Content-Range": {
                "$ref": "#/components/headers/Content-Range"
              },
              "Accept-Ranges": {
                "$ref": "#/components/headers/Accept-Ranges"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "UnprocessableContent": {
            "description": "The media cannot be decoded or is over a limit.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "RequestHeaderFieldsTooLarge": {
            "description": "Request line and headers over 64 KiB; answered by the HTTP decoder, connection closed.",
            "headers": {
              "Connection": {
                "$ref": "#/components/headers/Connection"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "InternalServerError": {
            "description": "An unexpected failure; its cause is logged only.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Connection": {
                "$ref": "#/components/headers/Connection"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "ServiceUnavailable": {
            "description": "A store is down or does not answer in time; try again after `Retry-After`.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Retry-After": {
                "$ref": "#/components/headers/Retry-After"
              },
              "Connection": {
                "$ref": "#/components/headers/Connection"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "TooManyRequests": {
            "description": "The caller is past a per-user limit; try again after `Retry-After` seconds.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Retry-After": {
                "$ref": "#/components/headers/Retry-After"
              },
              "Connection": {
                "$ref": "#/components/headers/Connection"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "InsufficientStorage": {
            "description": "The server's disk is full or down to `KILN_DATA_FREE_BYTES` (`the server is out of storage space; try again later`), or the user's stored-bytes quota would be passed; nothing was kept.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Connection": {
                "$ref": "#/components/headers/Connection"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        },
        "parameters": {
          "Tus-Resumable": {
            "name": "Tus-Resumable",
            "in": "header",
            "required": true,
            "description": "The tus version the client speaks; only `1.0.0` (else 412).",
            "schema": {
              "type": "string",
              "enum": [
                "1.0.0"
              ]
            }
          },
          "UploadId": {
            "name": "uploadId",
            "in": "path",
            "required": true,
            "description": "The resumable upload, from its creation's `Location`.",
            "schema": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
            }
          },
          "SizeWidth": {
            "name": "w",
            "in": "query",
            "required": false,
            "description": "`image` only: a size on request, this many pixels wide (1 to 4096), with `h`, `resize` and `crop` (Stream's image URL parameters). Made once from the original on first request (through the image workers: 503 with `Retry-After` when they are full), kept, and served as every size after; at most 16 distinct sizes an image (past that 400); never larger than the original for `clip` and `crop`; the image's served format (PNG with alpha stays PNG); an animated image is 400. Not with `size`.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 4096
            }
          },
          "SizeHeight": {
            "name": "h",
            "in": "query",
            "required": false,
            "description": "`image` only: the height of a size on request (1 to 4096); see `w`.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 4096
            }
          },
          "SizeResize": {
            "name": "resize",
            "in": "query",
            "required": false,
            "description": "`clip` (the default: fit inside `w`×`h`, aspect kept, never enlarged; one of `w`, `h` is enough), `crop` (exactly `w`×`h`, or that shape shrunk to fit inside the original, cut at `crop`), `fill` (fit inside, padded with black to exactly `w`×`h`) or `scale` (exactly `w`×`h`, aspect ignored). `crop`, `fill` and `scale` need both `w` and `h`.",
            "schema": {
              "type": "string",
              "enum": [
                "clip",
                "crop",
                "fill",
                "scale"
              ]
            }
          },
          "SizeCrop": {
            "name": "crop",
            "in": "query",
            "required": false,
            "description": "Where `resize=crop` cuts: `center` (the default), `top`, `bottom`, `left` or `right`.",
            "schema": {
              "type": "string",
              "enum": [
                "center",
                "top",
                "bottom",
                "left",
                "right"
              ]
            }
          },
          "X-Request-Id": {
            "name": "X-Request-Id",
            "in": "header",
            "required": false,
            "description": "An id of the client's to trace the request by: echoed in the response's `X-Request-Id` and logged as `requestId` when it is 1 to 128 letters, digits, `-`, `_`, `.` or `:`; anything else is replaced by a new id (never refused).",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._:-]{1,128}$"
            }
          },
          "fileId": {
            "name": "fileId",
            "in": "path",
            "required": true,
            "description": "The file's id. Anything but 32 lowercase hex digits names no file (404).",
            "schema": {
              "$ref": "#/components/schemas/FileId"
            }
          },
          "roomId": {
            "name": "roomId",
            "in": "path",
            "required": true,
            "description": "The room's id.",
            "schema": {
              "$ref": "#/components/schemas/RoomId"
            }
          },
          "playbackId": {
            "name": "playbackId",
            "in": "path",
            "required": true,
            "description": "The recording's playback id. Anything but 32 lowercase hex digits names no recording (404).",
            "schema": {
              "$ref": "#/components/schemas/PlaybackId"
            }
          },
          "exp": {
            "name": "exp",
            "in": "query",
            "required": false,
            "description": "Signed URLs only: when the signature expires, in Unix seconds. Exactly one `exp` with one `sig`; a second of either counts as none. Only consulted for a `network` file (or a room link) requested without a bearer token.",
            "schema": {
              "type": "integer",
              "format": "int64"
            }
          },
          "sig": {
            "name": "sig",
            "in": "query",
            "required": false,
            "description": "Signed URLs only: 64 lowercase hex digits, HMAC-SHA256 over the path, the other query items (sorted) and `exp`. See the `signedUrl` security scheme.",
            "schema": {
              "type": "string",
              "pattern": "^[0-9a-f]{64}$"
            }
          },
          "Range": {
            "name": "Range",
            "in": "header",
            "required": false,
            "description": "One `bytes=` range: `first-last`, `first-` or `-suffixLength`; a last position past the end is cut to the end. Several ranges, other units, a last before the first and malformed values are answered with the whole representation (200); a range starting at or past the end, or `-0`, is 416. `If-Range` is not supported (ignored).",
            "schema": {
              "type": "string",
              "examples": [
                "bytes=0-1023",
                "bytes=1024-",
                "bytes=-500"
              ]
            }
          },
          "If-None-Match": {
            "name": "If-None-Match",
            "in": "header",
            "required": false,
            "description": "ETags separated by commas, `W/` prefixes and `*` allowed: 304 when one matches. When present, `If-Modified-Since` is ignored.",
            "schema": {
              "type": "string"
            }
          },
          "If-Modified-Since": {
            "name": "If-Modified-Since",
            "in": "header",
            "required": false,
            "description": "An HTTP date: 304 when the file was uploaded no later (to the second). Ignored when unparsable or when `If-None-Match` is present.",
            "schema": {
              "type": "string",
              "examples": [
                "Wed, 25 Nov 2026 18:30:00 GMT"
              ]
            }
          }
        },
        "examples": {
          "ImageFileObject": {
            "summary": "An image, as uploaded through /api/v4/images",
            "value": {
              "fileId": "3f9c1d2e4b5a69788796a5b4c3d2e1f0",
              "fileUrl": "https://kiln.example.com/api/v3/files/3f9c1d2e4b5a69788796a5b4c3d2e1f0/download",
              "type": "image",
              "accessType": "public",
              "altText": "a test card",
              "status": "uploaded",
              "attributes": {
                "name": "exif-gps.jpg",
                "extension": "jpg",
                "size": 6253,
                "mimeType": "image/jpeg",
                "metadata": {
                  "width": 90,
                  "height": 60,
                  "orientation": 1,
                  "hasAlpha": false,
                  "isFull": false,
                  "blurHash": "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
                  "exif": {
                    "Make": "Kiln Camera Co",
                    "Model": "Model K1",
                    "DateTimeOriginal": "2024:05:01 10:20:30",
                    "ExposureTime": "1/250",
                    "FNumber": 2.8,
                    "ISOSpeedRatings": 100,
                    "FocalLength": 35
                  },
                  "gps": {
                    "latitude": 48.858222,
                    "longitude": 2.2945,
                    "altitude": 35.5
                  }
                }
              },
              "isDeleted": false,
              "createdAt": "2026-11-25T18:30:00.000Z",
              "updatedAt": "2026-11-25T18:30:00.000Z"
            }
          },
          "VideoUploaded": {
            "summary": "A video just uploaded: probed and postered, waiting for a worker",
            "value": {
              "fileId": "a41c5e07b9d2486f8e3a1c0b7d6f5e24",
              "fileUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download",
              "type": "video",
              "accessType": "public",
              "feedType": "post",
              "status": "uploaded",
              "videoUrl": {},
              "attributes": {
                "name": "landscape-h264-aac.mp4",
                "extension": "mp4",
                "size": 104281,
                "mimeType": "video/mp4",
                "metadata": {
                  "hasAudio": true,
                  "width": 640,
                  "height": 360,
                  "rotation": 0,
                  "duration": 2,
                  "frameRate": 30,
                  "bitRate": 412345,
                  "videoCodec": "h264",
                  "audioCodec": "aac",
                  "blurHash": "L6Pj0^jE.AyE_3t7t7R**0o#DgR4",
                  "thumbnailUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download?size=poster"
                }
              },
              "isDeleted": false,
              "createdAt": "2026-11-25T18:31:00.000Z",
              "updatedAt": "2026-11-25T18:31:00.000Z"
            }
          },
          "VideoTranscoding": {
            "summary": "A video while a worker transcodes it (metadata.progress)",
            "value": {
              "fileId": "a41c5e07b9d2486f8e3a1c0b7d6f5e24",
              "fileUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download",
              "type": "video",
              "accessType": "public",
              "feedType": "post",
              "status": "transcoding",
              "videoUrl": {},
              "attributes": {
                "name": "landscape-h264-aac.mp4",
                "extension": "mp4",
                "size": 104281,
                "mimeType": "video/mp4",
                "metadata": {
                  "hasAudio": true,
                  "width": 640,
                  "height": 360,
                  "rotation": 0,
                  "duration": 2,
                  "frameRate": 30,
                  "bitRate": 412345,
                  "videoCodec": "h264",
                  "audioCodec": "aac",
                  "blurHash": "L6Pj0^jE.AyE_3t7t7R**0o#DgR4",
                  "thumbnailUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download?size=poster",
                  "progress": 42
                }
              },
              "isDeleted": false,
              "createdAt": "2026-11-25T18:31:00.000Z",
              "updatedAt": "2026-11-25T18:31:01.250Z"
            }
          },
          "VideoTranscoded": {
            "summary": "The same video once transcoded (videoUrl filled, no progress)",
            "value": {
              "fileId": "a41c5e07b9d2486f8e3a1c0b7d6f5e24",
              "fileUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download",
              "type": "video",
              "accessType": "public",
              "feedType": "post",
              "status": "transcoded",
              "videoUrl": {
                "360p": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download?resolution=360p",
                "original": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download?resolution=original"
              },
              "attributes": {
                "name": "landscape-h264-aac.mp4",
                "extension": "mp4",
                "size": 104281,
                "mimeType": "video/mp4",
                "metadata": {
                  "hasAudio": true,
                  "width": 640,
                  "height": 360,
                  "rotation": 0,
                  "duration": 2,
                  "frameRate": 30,
                  "bitRate": 412345,
                  "videoCodec": "h264",
                  "audioCodec": "aac",
                  "blurHash": "L6Pj0^jE.AyE_3t7t7R**0o#DgR4",
                  "thumbnailUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download?size=poster"
                }
              },
              "isDeleted": false,
              "createdAt": "2026-11-25T18:31:00.000Z",
              "updatedAt": "2026-11-25T18:31:09.875Z"
            }
          },
          "NetworkClipTranscoded": {
            "summary": "A network clip: signedUrl, and every derived URL signed for exactly its query",
            "value": {
              "fileId": "c0ffee4b5a6978879d2e1f0a3b4c5d6e",
              "fileUrl": "https://kiln.example.com/api/v3/files/c0ffee4b5a6978879d2e1f0a3b4c5d6e/download",
              "signedUrl": "https://kiln.example.com/api/v3/files/c0ffee4b5a6978879d2e1f0a3b4c5d6e/download?exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6",
              "type": "clip",
              "accessType": "network",
              "status": "transcoded",
              "videoUrl": {
                "360p": "https://kiln.example.com/api/v3/files/c0ffee4b5a6978879d2e1f0a3b4c5d6e/download?resolution=360p&exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6",
                "original": "https://kiln.example.com/api/v3/files/c0ffee4b5a6978879d2e1f0a3b4c5d6e/download?resolution=original&exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6"
              },
              "attributes": {
                "name": "portrait.mov",
                "extension": "mov",
                "size": 88120,
                "mimeType": "video/quicktime",
                "metadata": {
                  "hasAudio": false,
                  "width": 360,
                  "height": 640,
                  "rotation": 90,
                  "duration": 2,
                  "frameRate": 30,
                  "bitRate": 352000,
                  "videoCodec": "h264",
                  "blurHash": "L6Pj0^jE.AyE_3t7t7R**0o#DgR4",
                  "thumbnailUrl": "https://kiln.example.com/api/v3/files/c0ffee4b5a6978879d2e1f0a3b4c5d6e/download?size=poster&exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6",
                  "album": "holiday"
                }
              },
              "isDeleted": false,
              "createdAt": "2026-11-25T18:32:00.000Z",
              "updatedAt": "2026-11-25T18:33:12.004Z"
            }
          },
          "VideoTranscodeFailed": {
            "summary": "A video whose transcode failed",
            "value": {
              "fileId": "a41c5e07b9d2486f8e3a1c0b7d6f5e24",
              "fileUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download",
              "type": "video",
              "accessType": "public",
              "feedType": "post",
              "status": "transcodeFailed",
              "videoUrl": {},
              "attributes": {
                "name": "landscape-h264-aac.mp4",
                "extension": "mp4",
                "size": 104281,
                "mimeType": "video/mp4",
                "metadata": {
                  "hasAudio": true,
                  "width": 640,
                  "height": 360,
                  "rotation": 0,
                  "duration": 2,
                  "frameRate": 30,
                  "bitRate": 412345,
                  "videoCodec": "h264",
                  "audioCodec": "aac",
                  "failureReason": "no frame of 60 packets could be decoded"
                }
              },
              "isDeleted": false,
              "createdAt": "2026-11-25T18:31:00.000Z",
              "updatedAt": "2026-11-25T18:31:00.000Z"
            }
          },
          "ImageUploadAnswer": {
            "summary": "/api/v4/images answer",
            "value": [
              {
                "fileId": "3f9c1d2e4b5a69788796a5b4c3d2e1f0",
                "fileUrl": "https://kiln.example.com/api/v3/files/3f9c1d2e4b5a69788796a5b4c3d2e1f0/download",
                "type": "image",
                "accessType": "public",
                "altText": "a test card",
                "status": "uploaded",
                "attributes": {
                  "name": "exif-gps.jpg",
                  "extension": "jpg",
                  "size": 6253,
                  "mimeType": "image/jpeg",
                  "metadata": {
                    "width": 90,
                    "height": 60,
                    "orientation": 1,
                    "hasAlpha": false,
                    "isFull": false,
                    "blurHash": "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
                    "exif": {
                      "Make": "Kiln Camera Co",
                      "Model": "Model K1",
                      "DateTimeOriginal": "2024:05:01 10:20:30",
                      "ExposureTime": "1/250",
                      "FNumber": 2.8,
                      "ISOSpeedRatings": 100,
                      "FocalLength": 35
                    },
                    "gps": {
                      "latitude": 48.858222,
                      "longitude": 2.2945,
                      "altitude": 35.5
                    }
                  }
                },
                "isDeleted": false,
                "createdAt": "2026-11-25T18:30:00.000Z",
                "updatedAt": "2026-11-25T18:30:00.000Z"
              }
            ]
          },
          "VideoUploadAnswer": {
            "summary": "/api/v4/videos answer",
            "value": [
              {
                "fileId": "a41c5e07b9d2486f8e3a1c0b7d6f5e24",
                "fileUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download",
                "type": "video",
                "accessType": "public",
                "feedType": "post",
                "status": "uploaded",
                "videoUrl": {},
                "attributes": {
                  "name": "landscape-h264-aac.mp4",
                  "extension": "mp4",
                  "size": 104281,
                  "mimeType": "video/mp4",
                  "metadata": {
                    "hasAudio": true,
                    "width": 640,
                    "height": 360,
                    "rotation": 0,
                    "duration": 2,
                    "frameRate": 30,
                    "bitRate": 412345,
                    "videoCodec": "h264",
                    "audioCodec": "aac",
                    "blurHash": "L6Pj0^jE.AyE_3t7t7R**0o#DgR4",
                    "thumbnailUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download?size=poster"
                  }
                },
                "isDeleted": false,
                "createdAt": "2026-11-25T18:31:00.000Z",
                "updatedAt": "2026-11-25T18:31:00.000Z"
              }
            ]
          },
          "FileUploadAnswer": {
            "summary": "/api/v4/files answer",
            "value": [
              {
                "fileId": "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a",
                "fileUrl": "https://kiln.example.com/api/v3/files/0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a/download",
                "type": "file",
                "accessType": "public",
                "altText": "a greeting",
                "status": "uploaded",
                "attributes": {
                  "name": "hello.txt",
                  "extension": "txt",
                  "size": 12,
                  "mimeType": "text/plain",
                  "metadata": {}
                },
                "isDeleted": false,
                "createdAt": "2026-11-25T18:29:00.000Z",
                "updatedAt": "2026-11-25T18:29:00.000Z"
              }
            ]
          },
          "FileUploadAnswerV3": {
            "summary": "/api/v3/files answer",
            "value": {
              "status": "success",
              "data": [
                {
                  "fileId": "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a",
                  "fileUrl": "https://kiln.example.com/api/v3/files/0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a/download",
                  "type": "file",
                  "accessType": "public",
                  "altText": "a greeting",
                  "status": "uploaded",
                  "attributes": {
                    "name": "hello.txt",
                    "extension": "txt",
                    "size": 12,
                    "mimeType": "text/plain",
                    "metadata": {}
                  },
                  "isDeleted": false,
                  "createdAt": "2026-11-25T18:29:00.000Z",
                  "updatedAt": "2026-11-25T18:29:00.000Z"
                }
              ]
            }
          },
          "RetryAccepted": {
            "summary": "A failed video queued again",
            "value": {
              "status": "success",
              "data": {
                "fileId": "a41c5e07b9d2486f8e3a1c0b7d6f5e24",
                "fileUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download",
                "type": "video",
                "accessType": "public",
                "feedType": "post",
                "status": "transcoding",
                "videoUrl": {},
                "attributes": {
                  "name": "landscape-h264-aac.mp4",
                  "extension": "mp4",
                  "size": 104281,
                  "mimeType": "video/mp4",
                  "metadata": {
                    "hasAudio": true,
                    "width": 640,
                    "height": 360,
                    "rotation": 0,
                    "duration": 2,
                    "frameRate": 30,
                    "bitRate": 412345,
                    "videoCodec": "h264",
                    "audioCodec": "aac",
                    "progress": 0
                  }
                },
                "isDeleted": false,
                "createdAt": "2026-11-25T18:31:00.000Z",
                "updatedAt": "2026-11-25T18:31:00.000Z"
              }
            }
          },
          "FilePage": {
            "summary": "More files follow: next is the cursor of the following page",
            "value": {
              "status": "success",
              "data": {
                "files": [
                  {
                    "fileId": "a41c5e07b9d2486f8e3a1c0b7d6f5e24",
                    "fileUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download",
                    "type": "video",
                    "accessType": "public",
                    "feedType": "post",
                    "status": "transcodeFailed",
                    "videoUrl": {},
                    "attributes": {
                      "name": "landscape-h264-aac.mp4",
                      "extension": "mp4",
                      "size": 104281,
                      "mimeType": "video/mp4",
                      "metadata": {
                        "hasAudio": true,
                        "width": 640,
                        "height": 360,
                        "rotation": 0,
                        "duration": 2,
                        "frameRate": 30,
                        "bitRate": 412345,
                        "videoCodec": "h264",
                        "audioCodec": "aac",
                        "failureReason": "no frame of 60 packets could be decoded"
                      }
                    },
                    "isDeleted": false,
                    "createdAt": "2026-11-25T18:31:00.000Z",
                    "updatedAt": "2026-11-25T18:31:00.000Z"
                  }
                ],
                "paging": {
                  "next": "a41c5e07b9d2486f8e3a1c0b7d6f5e24"
                }
              }
            }
          },
          "LastFilePage": {
            "summary": "The last page",
            "value": {
              "status": "success",
              "data": {
                "files": [],
                "paging": {
                  "next": null
                }
              }
            }
          },
          "Recording": {
            "summary": "A recording uploaded with its registration",
            "value": {
              "roomId": "room-42",
              "playbackId": "9b2e47d1c0a85f3e6d7c8b9a0f1e2d3c",
              "position": 1,
              "startedAt": "2026-11-25T18:00:00.000Z",
              "endedAt": "2026-11-25T18:30:00.000Z",
              "file": {
                "fileId": "a41c5e07b9d2486f8e3a1c0b7d6f5e24",
                "fileUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download",
                "type": "video",
                "accessType": "network",
                "status": "uploaded",
                "videoUrl": {},
                "attributes": {
                  "name": "landscape-h264-aac.mp4",
                  "extension": "mp4",
                  "size": 104281,
                  "mimeType": "video/mp4",
                  "metadata": {
                    "hasAudio": true,
                    "width": 640,
                    "height": 360,
                    "rotation": 0,
                    "duration": 2,
                    "frameRate": 30,
                    "bitRate": 412345,
                    "videoCodec": "h264",
                    "audioCodec": "aac",
                    "blurHash": "L6Pj0^jE.AyE_3t7t7R**0o#DgR4",
                    "thumbnailUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download?size=poster&exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6"
                  }
                },
                "isDeleted": false,
                "createdAt": "2026-11-25T18:31:00.000Z",
                "updatedAt": "2026-11-25T18:31:00.000Z",
                "signedUrl": "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download?exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6"
              }
            }
          },
          "RecordedRoom": {
            "summary": "A room whose two recordings are playable",
            "value": {
              "roomId": "room-42",
              "status": "recorded",
              "recordedAt": "2026-11-25T18:30:00.000Z",
              "durationSeconds": 4,
              "recordedUrls": [
                "https://kiln.example.com/api/v3/files/a41c5e07b9d2486f8e3a1c0b7d6f5e24/download?resolution=360p&exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6",
                "https://kiln.example.com/api/v3/files/c0ffee4b5a6978879d2e1f0a3b4c5d6e/download?resolution=360p&exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6"
              ],
              "recordedPlaybackInfos": [
                {
                  "playbackId": "9b2e47d1c0a85f3e6d7c8b9a0f1e2d3c",
                  "fileId": "a41c5e07b9d2486f8e3a1c0b7d6f5e24",
                  "url": "https://kiln.example.com/api/v1/rooms/room-42/recorded/9b2e47d1c0a85f3e6d7c8b9a0f1e2d3c/watch?exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6",
                  "thumbnailUrl": "https://kiln.example.com/api/v1/rooms/room-42/recorded/9b2e47d1c0a85f3e6d7c8b9a0f1e2d3c/thumbnail?exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6",
                  "durationSeconds": 2,
                  "status": "transcoded",
                  "startedAt": "2026-11-25T18:00:00.000Z",
                  "endedAt": "2026-11-25T18:30:00.000Z"
                },
                {
                  "playbackId": "1f2e3d4c5b6a79880716253443526170",
                  "fileId": "c0ffee4b5a6978879d2e1f0a3b4c5d6e",
                  "url": "https://kiln.example.com/api/v1/rooms/room-42/recorded/1f2e3d4c5b6a79880716253443526170/watch?exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6",
                  "thumbnailUrl": "https://kiln.example.com/api/v1/rooms/room-42/recorded/1f2e3d4c5b6a79880716253443526170/thumbnail?exp=1795627800&sig=5c2f8d3a9e1b47c6a0d4f7e2b8c1a3d5e9f0b6c4a7d2e8f1b3c5a9d0e4f7b2c6",
                  "durationSeconds": 2,
                  "status": "transcoded"
                }
              ]
            }
          },
          "NotFoundError": {
            "summary": "An unknown file",
            "value": {
              "status": "error",
              "code": 404,
              "message": "no file with id 3f9c1d2e4b5a69788796a5b4c3d2e1f0"
            }
          },
          "UnauthorizedError": {
            "summary": "No token",
            "value": {
              "status": "error",
              "code": 401,
              "message": "an Authorization: Bearer token is required"
            }
          },
          "ExpiredLinkError": {
            "summary": "An expired signed link",
            "value": {
              "status": "error",
              "code": 401,
              "message": "signed URL has expired"
            }
          },
          "TooLargeError": {
            "summary": "An upload past its limit",
            "value": {
              "status": "error",
              "code": 413,
              "message": "file is larger than the 104857600-byte limit of this endpoint"
            }
          },
          "WrongKindError": {
            "summary": "A document sent as an image",
            "value": {
              "status": "error",
              "code": 415,
              "message": "an image (JPEG, PNG, GIF, WebP, HEIC/HEIF, AVIF or TIFF) is required; the upload is text/plain"
            }
          },
          "ConflictError": {
            "summary": "A retry of a file that did not fail",
            "value": {
              "status": "error",
              "code": 409,
              "message": "file a41c5e07b9d2486f8e3a1c0b7d6f5e24 is transcoded; send {\"force\":true} to transcode it again"
            }
          }
        },
        "headers": {
          "Tus-Resumable": {
            "description": "`1.0.0`, on every tus answer.",
            "schema": {
              "type": "string"
            }
          },
          "X-Request-Id": {
            "description": "The request's id, on every response the router answers (errors included): the client's own `X-Request-Id` when it is 1 to 128 letters, digits, `-`, `_`, `.` or `:`, else 32 new lowercase hex digits. Every log line of the request carries it as `requestId`.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._:-]{1,128}$"
            }
          },
          "Retry-After": {
            "description": "Seconds to wait before trying again: `5` for a store, `1` for busy image workers.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          },
          "Connection": {
            "description": "`close` when the request body was left unread (a refused upload): the connection is closed after this answer.",
            "schema": {
              "type": "string",
              "enum": [
                "close"
              ]
            }
          },
          "ETag": {
            "description": "`\"{fileId}-{blob}\"`, naming the exact stored blob served (`\"...-original\"`, `\"...-small\"`, `\"...-360p-1a2b3c4d\"` ...). Strong; the bytes behind it never change.",
            "schema": {
              "type": "string",
              "pattern": "^\"[0-9a-f]{32}-[^\"]+\"$"
            }
          },
          "Last-Modified": {
            "description": "When the file was uploaded, as an HTTP date.",
            "schema": {
              "type": "string"
            }
          },
          "Cache-Control": {
            "description": "`public, max-age=31536000, immutable` for `public` files, `private, max-age=3600` for `network` ones.",
            "schema": {
              "type": "string",
              "enum": [
                "public, max-age=31536000, immutable",
                "private, max-age=3600"
              ]
            }
          },
          "Accept-Ranges": {
            "description": "Always `bytes`.",
            "schema": {
              "type": "string",
              "const": "bytes"
            }
          },
          "Content-Length": {
            "description": "Bytes of the representation (200), of the range (206). A `HEAD` announces it and sends none.",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          },
          "Content-Range": {
            "description": "`bytes first-last/size` on 206; `bytes */size` on 416.",
            "schema": {
              "type": "string",
              "pattern": "^bytes (\\d+-\\d+|\\*)/\\d+$"
            }
          },
          "Content-Disposition": {
            "description": "`inline` for images, video, audio, `text/plain` and `application/pdf`; `attachment` for HTML, SVG, XML, JavaScript, `application/octet-stream` and every other type. Always `; filename=\"<ASCII fallback>\"; filename*=UTF-8''<percent-encoded name>`.",
            "schema": {
              "type": "string"
            }
          },
          "X-Content-Type-Options": {
            "description": "Always `nosniff`.",
            "schema": {
              "type": "string",
              "const": "nosniff"
            }
          },
          "Location": {
            "description": "Where to go.",
            "schema": {
              "type": "string",
              "format": "uri"
            }
          }
        },
        "securitySchemes": {
          "streamKey": {
            "type": "apiKey",
            "in": "query",
            "name": "api_key",
            "description": "The Stream app's key, `KILN_STREAM_API_KEY`."
          },
          "streamToken": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "The JWT itself, no `Bearer`: HS256 with `KILN_STREAM_API_SECRET`. Without `user_id` (Stream's SDKs sign `{}`) the app's server; with it, that user. `exp` and `nbf` checked when present."
          },
          "streamAuthType": {
            "type": "apiKey",
            "in": "header",
            "name": "stream-auth-type",
            "description": "`jwt`."
          },
          "bearer": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An HS256 JWT signed with Kiln's secret (`KILN_JWT_SECRET`): `sub` (non-empty user id), `role` (`user`, `admin` or `service`), `exp` required, `nbf` optional, `rooms` optional (room ids a `user` token may read recordings of; a malformed one makes the token invalid); checked against the server's clock. `alg` must be `HS256`. An `Authorization` header of another scheme is ignored (as no token). Role names listed in an operation's security requirement are the roles it accepts; an empty list means any role."
          },
          "signedUrl": {
            "type": "apiKey",
            "in": "query",
            "name": "sig",
            "description": "A URL Kiln signed, for `<img src>`/`<video src>` without a header: the query carries `exp` (expiry, Unix seconds; `KILN_SIGNED_URL_TTL`, 3600 s by default, after signing) and `sig`, 64 lowercase hex digits of HMAC-SHA256, with a key derived from the secret, over `<path>\\n<scope>\\n<exp>`. The scope is either `*` (the file object's `signedUrl`: the whole file, any `size`/`resolution` may be added) or the URL's other query items sorted and joined with `&` (every other link: exactly that query). Exactly one `exp` and one `sig`; a missing, duplicated, altered or expired signature is 401. Only looked at when the request carries no bearer token."
          }
        }
      }
    }
    """#
}
