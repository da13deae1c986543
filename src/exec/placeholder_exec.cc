// placeholder so the exec library has a source
namespace floe {}
