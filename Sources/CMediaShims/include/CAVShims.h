#ifndef KILN_AV_SHIMS_H
#define KILN_AV_SHIMS_H

// Wrappers for the libav macros Swift cannot import. Included by CMediaShims.h.

#include <libavformat/avformat.h>

/// AVERROR(EAGAIN): "no output yet, feed more input".
int kiln_averror_eagain(void);
/// AVERROR_EOF.
int kiln_averror_eof(void);
/// AVERROR_DECODER_NOT_FOUND.
int kiln_averror_decoder_not_found(void);
/// AVERROR_INVALIDDATA.
int kiln_averror_invalid_data(void);
/// Copies av_strerror's text for `code` into `buffer`.
void kiln_av_strerror(int code, char *buffer, size_t size);
/// Clockwise rotation in degrees (0, 90, 180, 270) a player applies to the stream, from its
/// display matrix side data; 0 when there is none.
int kiln_av_stream_rotation(const AVStream *stream);

#endif
