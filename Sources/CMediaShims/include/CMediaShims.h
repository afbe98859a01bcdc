#ifndef KILN_MEDIA_SHIMS_H
#define KILN_MEDIA_SHIMS_H

// Fixed-argument wrappers for the variadic libvips calls and macros Swift cannot import.
// Every function returns 0 on success and -1 on failure, with the reason in vips_error_buffer().

#include <vips/vips.h>
#include "CAVShims.h"

int kiln_vips_start(const char *program_name, int concurrency);

/// Turns off the vector code libvips compiles at run time (Orc), which needs executable memory.
void kiln_vips_stop_generating_code(void);

/// Opens a file lazily: only the header is read until pixels are asked for.
/// `all_pages` loads every frame of an animation stacked vertically.
int kiln_vips_open(const char *path, int all_pages, VipsImage **out);

/// Shrink-on-load thumbnail of a file: autorotated, converted to sRGB when it carries an ICC profile
/// or is CMYK, never upscaled. `all_pages` keeps every frame of an animation.
int kiln_vips_thumbnail_file(const char *path, int all_pages, int width, int height, VipsImage **out);

/// A smaller thumbnail of an image already decoded into memory.
int kiln_vips_thumbnail_image(VipsImage *in, int width, int height, VipsImage **out);
/// Exactly width × height, upright, the first frame only: the caller chose the size (a size on request).
int kiln_vips_thumbnail_file_exactly(const char *path, int width, int height, VipsImage **out);
int kiln_vips_extract_area(VipsImage *in, int left, int top, int width, int height, VipsImage **out);
/// `in` centred on an opaque black canvas of width × height.
int kiln_vips_centre_on_black(VipsImage *in, int width, int height, VipsImage **out);

int kiln_vips_flatten_on_white(VipsImage *in, VipsImage **out);
int kiln_vips_to_srgb_uchar(VipsImage *in, VipsImage **out);
int kiln_vips_copy(VipsImage *in, VipsImage **out);

/// Writes no metadata at all, ICC profile included.
int kiln_vips_jpegsave(VipsImage *in, int quality, void **buffer, size_t *length);
int kiln_vips_pngsave(VipsImage *in, void **buffer, size_t *length);
int kiln_vips_webpsave(VipsImage *in, int quality, void **buffer, size_t *length);
int kiln_vips_gifsave(VipsImage *in, void **buffer, size_t *length);

void kiln_g_object_unref(void *object);

#endif
