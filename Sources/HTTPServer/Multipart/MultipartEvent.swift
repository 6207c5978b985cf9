/// What `MultipartParser` reports as it reads a body: a part's head, pieces of its content, its end.
/// Every `partBegin` is followed by zero or more `partBytes` and one `partEnd`.
public enum MultipartEvent {
    case partBegin(MultipartPartHead)
    /// The next bytes of the current part's content. The pointer is valid only during the call.
    case partBytes(UnsafeRawBufferPointer)
    case partEnd
}
