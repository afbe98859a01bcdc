import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The little of S3's XML answers Kiln reads: the text of named elements, and repeated records
/// (`Contents`, `Upload`) with the text of their children.
enum S3XML {
    static func text(of element: String, in data: Data) -> String? {
        records(named: nil, fields: [element], in: data).first?[element]
    }

    /// One dictionary per `record` element, holding the text of each child named in `fields`; with
    /// no record name, one dictionary for the whole document.
    static func records(named record: String?, fields: Set<String>, in data: Data) -> [[String: String]] {
        let collector = Collector(record: record, fields: fields)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        if record == nil { return [collector.current] }
        return collector.found
    }

    private final class Collector: NSObject, XMLParserDelegate {
        let record: String?
        let fields: Set<String>
        var found: [[String: String]] = []
        var current: [String: String] = [:]
        var inRecord: Bool
        var text = ""

        init(record: String?, fields: Set<String>) {
            self.record = record
            self.fields = fields
            inRecord = record == nil
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if name == record {
                inRecord = true
                current = [:]
            }
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if inRecord, fields.contains(name), current[name] == nil { current[name] = text }
            if name == record {
                found.append(current)
                inRecord = false
            }
            text = ""
        }
    }
}
