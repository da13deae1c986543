// placeholder so the plan library has a source
namespace floe {}
