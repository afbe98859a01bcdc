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

int kiln_averror_out_of_memory(void) { return AVERROR(ENOMEM); }

int kiln_averror_is_transient(int code) {
    return code == AVERROR(ENOMEM) || code == AVERROR(ENOSPC) || code == AVERROR(EIO) || code == AVERROR(EINTR)
        || code == AVERROR(EDQUOT) || code == AVERROR(EMFILE) || code == AVERROR(ENFILE);
}

void kiln_av_strerror(int code, char *buffer, size_t size) {
    if (av_strerror(code, buffer, size) < 0) snprintf(buffer, size, "libav error %d", code);
}

void kiln_av_stream_display_transform(const AVStream *stream, int *clockwise, int *mirrored) {
    *clockwise = 0;
    *mirrored = 0;
    size_t size = 0;
    const int32_t *matrix = (const int32_t *)av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (!matrix || size < 9 * sizeof(int32_t)) return;
    double counterClockwise = av_display_rotation_get(matrix);
    if (isnan(counterClockwise)) return;
    // The decisions of ffmpeg's autorotate (fftools, FFmpeg 5.1), as a turn followed by a mirror:
    // transpose = 90° + mirror, vflip = 180° + mirror, antitranspose = 270° + mirror.
    double theta = -round(counterClockwise);
    theta -= 360 * floor(theta / 360 + 0.9 / 360);
    if (fabs(theta - 90) < 1.0) {
        *clockwise = 90;
        *mirrored = matrix[3] > 0;
    } else if (fabs(theta - 180) < 1.0) {
        int hflip = matrix[0] < 0, vflip = matrix[4] < 0;
        if (hflip && vflip) *clockwise = 180;
        else if (hflip) *mirrored = 1;
        else if (vflip) { *clockwise = 180; *mirrored = 1; }
    } else if (fabs(theta - 270) < 1.0) {
        *clockwise = 270;
        *mirrored = matrix[3] < 0;
    } else if (fabs(theta) < 1.0) {
        if (matrix[4] < 0) { *clockwise = 180; *mirrored = 1; }
    } else {
        // Angles between quarter turns are rounded to the nearest one.
        int quarter = ((int)lround(theta / 90) * 90) % 360;
        *clockwise = quarter;
    }
}

uint8_t *kiln_av_frame_plane(AVFrame *frame, int plane) { return frame->data[plane]; }

int kiln_av_frame_linesize(const AVFrame *frame, int plane) { return frame->linesize[plane]; }

void kiln_av_use_global_header(AVCodecContext *encoder) { encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER; }

int kiln_av_format_wants_global_header(const AVFormatContext *output) {
    return (output->oformat->flags & AVFMT_GLOBALHEADER) != 0;
}

int kiln_av_stream_is_attached_picture(const AVStream *stream) {
    return (stream->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0;
}
