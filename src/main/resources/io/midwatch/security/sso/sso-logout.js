// Single sign-on: the webapp's own "Log out" ends MidWatch's session, and MidWatch's answer says where the browser
// goes next (the identity provider's end-session endpoint). The webapp would show its login form, closed here.
window.angular.module('cam.commons').run(['$rootScope', '$window', function ($rootScope, $window) {
  $rootScope.$on('authentication.logout.success', function (event, response) {
    var location = response && response.data && response.data.location;
    if (location) {
      event.preventDefault();
      $window.location.href = location;
    }
  });
}]);
