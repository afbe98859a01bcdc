/// Reads H.264 parameter sets as encoders leave them in extradata: an `avcC` record (MP4) or NAL
/// units with Annex B start codes (libx264 with a global header).
enum AVCParameterSets {
    /// `avc1.` + profile, constraint flags and level of the first sequence parameter set, in hex.
    static func codecString(of extradata: [UInt8]) -> String? {
        guard let sps = profileBytes(of: extradata) else { return nil }
        return "avc1." + sps.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// profile_idc, the constraint flags and level_idc.
    private static func profileBytes(of data: [UInt8]) -> [UInt8]? {
        // avcC: version 1, then the three bytes as they are in the SPS.
        if data.count >= 4, data[0] == 1 { return Array(data[1...3]) }
        var index = 0
        while index + 3 < data.count {
            // A start code is 00 00 01 (a fourth leading zero is part of the longer form).
            if data[index] == 0, data[index + 1] == 0, data[index + 2] == 1 {
                let header = index + 3
                if data[header] & 0x1F == 7, header + 3 < data.count { return Array(data[(header + 1)...(header + 3)]) }
                index = header
            } else {
                index += 1
            }
        }
        return nil
    }
}
