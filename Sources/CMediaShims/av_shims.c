#include "CAVShims.h"
#include <errno.h>
#include <math.h>
#include <libavutil/display.h>

int kiln_averror_eagain(void) { return AVERROR(EAGAIN); }

int kiln_averror_eof(void) { return AVERROR_EOF; }

int kiln_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }

int kiln_averror_input_changed(void) { return AVERROR_INPUT_CHANGED; }

int kiln_averror_invalid_data(void) { return AVERROR_INVALIDDATA; }

int kiln_averror_exit(void) { return AVERROR_EXIT; }

int kiln_averror_is_transient(int code) {
    return code == AVERROR(ENOMEM) || code == AVERROR(ENOSPC) || code == AVERROR(EIO) || code == AVERROR(EINTR)
        || code == AVERROR(EDQUOT) || code == AVERROR(EMFILE) || code == AVERROR(ENFILE);
}

void kiln_av_strerror(int code, char *buffer, size_t size) {
    if (av_strerror(code, buffer, size) < 0) snprintf(buffer, size, "libav error %d", code);
}

int kiln_av_stream_rotation(const AVStream *stream) {
    size_t size = 0;
    const uint8_t *matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (!matrix || size < 9 * sizeof(int32_t)) return 0;
    double counterClockwise = av_display_rotation_get((const int32_t *)matrix);
    if (isnan(counterClockwise)) return 0;
    int clockwise = (int)lround(-counterClockwise) % 360;
    if (clockwise < 0) clockwise += 360;
    return ((clockwise + 45) / 90) * 90 % 360;
}

void kiln_av_use_global_header(AVCodecContext *encoder) { encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER; }

int kiln_av_format_wants_global_header(const AVFormatContext *output) {
    return (output->oformat->flags & AVFMT_GLOBALHEADER) != 0;
}

int kiln_av_stream_is_attached_picture(const AVStream *stream) {
    return (stream->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0;
}
