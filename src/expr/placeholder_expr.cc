// placeholder so the expr library has a source
namespace floe {}
