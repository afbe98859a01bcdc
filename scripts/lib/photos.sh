# make_photos FOLDER COUNT: COUNT 4000×3000 JPEGs (photo-1.jpg …) in FOLDER. Blurred noise in three
# bands compresses like a photo, not like a flat test card; the seeds make every run's photos alike.
make_photos() {
    local folder=$1 count=$2 scratch i band
    scratch=$(mktemp -d)
    mkdir -p "$folder"
    for i in $(seq "$count"); do
        for band in 0 1 2; do
            vips gaussnoise "$scratch/$band.v" 4000 3000 --mean 128 --sigma 60 --seed $((i * 3 + band))
        done
        vips bandjoin "$scratch/0.v $scratch/1.v $scratch/2.v" "$scratch/rgb.v"
        vips gaussblur "$scratch/rgb.v" "$scratch/blur.v" 1.2
        vips cast "$scratch/blur.v" "$scratch/photo.v" uchar
        vips jpegsave "$scratch/photo.v" "$folder/photo-$i.jpg" --Q 90
    done
    rm -rf "$scratch"
}
