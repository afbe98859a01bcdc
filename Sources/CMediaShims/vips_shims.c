#include "CMediaShims.h"

#include <vips/vector.h>

int kiln_vips_start(const char *program_name, int concurrency) {
    if (VIPS_INIT(program_name) != 0) return -1;
    // Loaders libvips marks untrusted (ImageMagick, FITS, MATLAB …) never see uploaded bytes.
    vips_block_untrusted_set(TRUE);
    if (concurrency > 0) vips_concurrency_set(concurrency);
    // A cache of decoded images would keep every upload's pixels alive; each request decodes once.
    vips_cache_set_max(0);
    return 0;
}

void kiln_vips_stop_generating_code(void) { vips_vector_set_enabled(FALSE); }

int kiln_vips_open(const char *path, int all_pages, VipsImage **out) {
    // Only the animated formats' loaders know the `n` option.
    if (all_pages) {
        *out = vips_image_new_from_file(path, "n", -1, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR,
            NULL);
    } else {
        *out = vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    }
    return *out ? 0 : -1;
}

int kiln_vips_thumbnail_file(const char *path, int all_pages, int width, int height, VipsImage **out) {
    char *spec = g_strdup_printf(all_pages ? "%s[n=-1]" : "%s", path);
    // Without an export profile, libvips converts only images that carry a profile of their own (and
    // CMYK) to sRGB; untagged RGB is already taken as sRGB and is left untouched. `fail_on` must be
    // the thumbnail's own option: a loader option in the file name is overridden by its default
    // (none), which lets a JPEG cut short through with a grey bottom.
    int result = vips_thumbnail(spec, out, width, "height", height, "size", VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_ERROR,
        NULL);
    g_free(spec);
    return result;
}

int kiln_vips_thumbnail_file_exactly(const char *path, int width, int height, VipsImage **out) {
    return vips_thumbnail(path, out, width, "height", height, "size", VIPS_SIZE_FORCE, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

int kiln_vips_extract_area(VipsImage *in, int left, int top, int width, int height, VipsImage **out) {
    return vips_extract_area(in, out, left, top, width, height, NULL);
}

int kiln_vips_centre_on_black(VipsImage *in, int width, int height, VipsImage **out) {
    double black[4] = {0, 0, 0, 255};
    VipsArrayDouble *background = vips_array_double_new(black, in->Bands < 4 ? in->Bands : 4);
    int result = vips_gravity(in, out, VIPS_COMPASS_DIRECTION_CENTRE, width, height, "extend", VIPS_EXTEND_BACKGROUND,
        "background", background, NULL);
    vips_area_unref(VIPS_AREA(background));
    return result;
}

int kiln_vips_thumbnail_image(VipsImage *in, int width, int height, VipsImage **out) {
    return vips_thumbnail_image(in, out, width, "height", height, "size", VIPS_SIZE_DOWN, NULL);
}

int kiln_vips_flatten_on_white(VipsImage *in, VipsImage **out) {
    double white[3] = {255, 255, 255};
    VipsArrayDouble *background = vips_array_double_new(white, 3);
    int result = vips_flatten(in, out, "background", background, NULL);
    vips_area_unref(VIPS_AREA(background));
    return result;
}

int kiln_vips_to_srgb_uchar(VipsImage *in, VipsImage **out) {
    VipsImage *srgb = NULL;
    if (vips_colourspace(in, &srgb, VIPS_INTERPRETATION_sRGB, NULL) != 0) return -1;
    int result = vips_cast_uchar(srgb, out, NULL);
    g_object_unref(srgb);
    return result;
}

int kiln_vips_copy(VipsImage *in, VipsImage **out) {
    return vips_copy(in, out, NULL);
}

int kiln_vips_jpegsave(VipsImage *in, int quality, void **buffer, size_t *length) {
    // libvips 8.14 writes a fresh EXIF block into every JPEG unless told to strip; the caller puts the
    // ICC profile back.
    return vips_jpegsave_buffer(in, buffer, length, "Q", quality, "interlace", TRUE, "optimize_coding", TRUE, "strip",
        TRUE, NULL);
}

int kiln_vips_pngsave(VipsImage *in, void **buffer, size_t *length) {
    return vips_pngsave_buffer(in, buffer, length, "compression", 6, NULL);
}

int kiln_vips_webpsave(VipsImage *in, int quality, void **buffer, size_t *length) {
    return vips_webpsave_buffer(in, buffer, length, "Q", quality, NULL);
}

int kiln_vips_gifsave(VipsImage *in, void **buffer, size_t *length) {
    return vips_gifsave_buffer(in, buffer, length, NULL);
}

void kiln_g_object_unref(void *object) {
    if (object) g_object_unref(object);
}
