#ifndef KILN_AV_SHIMS_H
#define KILN_AV_SHIMS_H

// Wrappers for the libav macros Swift cannot import. Included by CMediaShims.h.

#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>

/// AVERROR(EAGAIN): "no output yet, feed more input".
int kiln_averror_eagain(void);
/// AVERROR_EOF.
int kiln_averror_eof(void);
/// AVERROR_DECODER_NOT_FOUND.
int kiln_averror_decoder_not_found(void);
/// AVERROR_INVALIDDATA.
int kiln_averror_invalid_data(void);
/// AVERROR_EXIT: the caller asked the work to stop.
int kiln_averror_exit(void);
/// AVERROR_INPUT_CHANGED: a frame no longer matches what a converter was configured for.
int kiln_averror_input_changed(void);
/// Whether `code` is AVERROR(errno) for a condition of the machine rather than of the media: out of
/// memory or disk, an I/O error, an interrupted call.
int kiln_averror_is_transient(int code);

int kiln_averror_out_of_memory(void);
/// Marks an encoder to put its parameter sets in extradata, as MP4 wants (AV_CODEC_FLAG_GLOBAL_HEADER).
void kiln_av_use_global_header(AVCodecContext *encoder);
/// Whether the output format wants global headers (AVFMT_GLOBALHEADER).
int kiln_av_format_wants_global_header(const AVFormatContext *output);
/// Whether the stream is a still picture attached to the file (cover art), not a video track.
int kiln_av_stream_is_attached_picture(const AVStream *stream);
/// Copies av_strerror's text for `code` into `buffer`.
void kiln_av_strerror(int code, char *buffer, size_t size);
/// What a player does to the stream's pictures, from its display matrix side data, as a clockwise
/// turn (0, 90, 180, 270) followed by a left-right mirror; nothing when there is no matrix.
void kiln_av_stream_display_transform(const AVStream *stream, int *clockwise, int *mirrored);

/// `frame->data[plane]` and `frame->linesize[plane]`: C arrays Swift sees as tuples.
uint8_t *kiln_av_frame_plane(AVFrame *frame, int plane);
int kiln_av_frame_linesize(const AVFrame *frame, int plane);

#endif
